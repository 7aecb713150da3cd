package dev.maildock.web.api;

import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.AliasView;
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

@Path("admin/aliases")
@Produces(MediaType.APPLICATION_JSON)
public class AliasesResource {

    @EJB
    private AliasService aliases;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        JsonBody json = JsonBody.parse(body);
        AliasView created = aliases.create(json.string("address"), json.strings("targets"));
        return Response.created(uri.getAbsolutePathBuilder().path(created.address()).build()).entity(created).build();
    }

    @GET
    public List<AliasView> list() {
        return aliases.list();
    }

    @GET
    @Path("{address}")
    public AliasView get(@PathParam("address") String address) {
        return aliases.get(address);
    }

    @DELETE
    @Path("{address}")
    public Response delete(@PathParam("address") String address) {
        aliases.delete(address);
        return Response.noContent().build();
    }
}
