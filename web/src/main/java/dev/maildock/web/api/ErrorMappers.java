package dev.maildock.web.api;

import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.MaildockException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps refusals to their status codes and anything unexpected to a 500 without internals. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message)).build();
    }

    @Provider
    public static class Refusals implements ExceptionMapper<MaildockException> {
        @Override
        public Response toResponse(MaildockException e) {
            Response.Status status;
            if (e instanceof InvalidInputException) {
                status = Response.Status.BAD_REQUEST;
            } else if (e instanceof ConflictException) {
                status = Response.Status.CONFLICT;
            } else if (e instanceof NotFoundException) {
                status = Response.Status.NOT_FOUND;
            } else {
                status = Response.Status.BAD_REQUEST;
            }
            return error(status, e.getMessage());
        }
    }

    /** Framework errors (unknown path, wrong method, unsupported media type) keep their status. */
    @Provider
    public static class Framework implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(status.getReasonPhrase())).build();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            Throwable cause = e;
            // EJB containers may wrap an application exception thrown deeper down.
            while (cause.getCause() != null && !(cause instanceof MaildockException)) {
                cause = cause.getCause();
            }
            if (cause instanceof MaildockException refusal) {
                return new Refusals().toResponse(refusal);
            }
            LOG.log(Level.SEVERE, "MAILDOCK0301E: The admin API failed unexpectedly.", e);
            return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error; see the server log");
        }
    }
}
