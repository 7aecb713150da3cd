package dev.maildock.rar.testing;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;

/** Hands out one in-memory platform as every endpoint. */
public final class SingleEndpointFactory implements MessageEndpointFactory {

    private final MessageEndpoint endpoint;

    public SingleEndpointFactory(MessageEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return endpoint;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return endpoint;
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
    }

    @Override
    public String getActivationName() {
        return "test";
    }

    @Override
    public Class<?> getEndpointClass() {
        return endpoint.getClass();
    }
}
