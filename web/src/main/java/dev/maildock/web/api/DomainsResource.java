package dev.maildock.web.api;

import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.DomainView;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

@Path("admin/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource {

    @EJB
    private DomainService domains;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        DomainView created = domains.create(JsonBody.parse(body).string("name"));
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build();
    }

    @GET
    public List<DomainView> list() {
        return domains.list();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        domains.delete(name);
        return Response.noContent().build();
    }
}
