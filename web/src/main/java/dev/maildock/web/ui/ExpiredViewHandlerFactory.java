package dev.maildock.web.ui;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Answers a form posted without a usable view state (its session ended, the server restarted, or
 * a forged POST guessed one) with what a user can act on: the same page again, by GET, with a note
 * that nothing was done. Without this the {@link ViewExpiredException} reached the container,
 * which showed the neutral error page and wrote an FFDC for every such request.
 */
public class ExpiredViewHandlerFactory extends ExceptionHandlerFactory {

    public ExpiredViewHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    private static final class Handler extends ExceptionHandlerWrapper {

        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext(); ) {
                ViewExpiredException expired = expired(events.next().getContext().getException());
                if (expired != null) {
                    events.remove();
                    sendBack(expired.getViewId());
                }
            }
            getWrapped().handle();
        }

        private static ViewExpiredException expired(Throwable thrown) {
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (t instanceof ViewExpiredException expired) {
                    return expired;
                }
            }
            return null;
        }

        private static void sendBack(String viewId) {
            FacesContext faces = FacesContext.getCurrentInstance();
            if (faces.getResponseComplete()) {
                return;
            }
            // The view id is a path of this application; anything else goes to its start page.
            String path = viewId != null && viewId.startsWith("/") && !viewId.startsWith("//") ? viewId : "/";
            ExternalContext external = faces.getExternalContext();
            Ui.info("error.expired");
            try {
                external.redirect(external.getRequestContextPath() + path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            faces.responseComplete();
        }
    }
}
