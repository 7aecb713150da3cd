package dev.maildock.web.api;

import dev.maildock.ejb.delivery.QueueAdmin;
import dev.maildock.ejb.delivery.QueueEntryView;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The outbound queue: GET list, GET one, POST {id}/retry (now), DELETE {id}[?dsn=true]. */
@Path("admin/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    @EJB
    private QueueAdmin queue;

    @GET
    public List<QueueEntryView> list() {
        return queue.list();
    }

    @GET
    @Path("{id: [0-9]{1,18}}")
    public QueueEntryView get(@PathParam("id") long id) {
        return queue.get(id);
    }

    @POST
    @Path("{id: [0-9]{1,18}}/retry")
    public QueueEntryView retry(@PathParam("id") long id) {
        return queue.retryNow(id);
    }

    /** With {@code ?dsn=true} the sender is told (a failure DSN) that the mail was not delivered. */
    @DELETE
    @Path("{id: [0-9]{1,18}}")
    public Response delete(@PathParam("id") long id, @QueryParam("dsn") @DefaultValue("false") boolean dsn) {
        queue.delete(id, dsn);
        return Response.noContent().build();
    }
}
