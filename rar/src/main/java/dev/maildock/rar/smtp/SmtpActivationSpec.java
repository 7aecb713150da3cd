package dev.maildock.rar.smtp;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.io.Serializable;

/**
 * Activation of the SMTP listeners. It has no properties of its own: the ports belong to the
 * adapter, so that one configuration place (the server variables) drives every listener.
 */
public class SmtpActivationSpec implements ActivationSpec, Serializable {

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
