package dev.maildock.rar.pop3;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.io.Serializable;

/**
 * Activation of the POP3 listeners (an MDB implementing {@code Pop3Listener}). Like the SMTP one it
 * has no properties: ports and TLS belong to the adapter's configuration.
 */
public class Pop3ActivationSpec implements ActivationSpec, Serializable {

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
