package dev.maildock.rar.net;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.io.Serializable;

/**
 * Activation of one protocol's listeners. It has no properties of its own: the ports and limits
 * belong to the adapter, so one configuration place (the server variables) drives every listener.
 * Each protocol subclasses it so the adapter knows which listeners an activation opens.
 */
public abstract class ListenerActivationSpec implements ActivationSpec, Serializable {

    private transient ResourceAdapter resourceAdapter;

    @Override
    public void validate() throws InvalidPropertyException {
        // No properties to check.
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }
}
