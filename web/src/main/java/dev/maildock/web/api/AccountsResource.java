package dev.maildock.web.api;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AccountView;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

@Path("admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    @EJB
    private AccountService accounts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        JsonBody json = JsonBody.parse(body);
        AccountView created = accounts.create(json.string("address"), json.string("password"), json.string("displayName"));
        return Response.created(uri.getAbsolutePathBuilder().path(created.address()).build()).entity(created).build();
    }

    @GET
    public List<AccountView> list() {
        return accounts.list();
    }

    @GET
    @Path("{address}")
    public AccountView get(@PathParam("address") String address) {
        return accounts.get(address);
    }

    @DELETE
    @Path("{address}")
    public Response delete(@PathParam("address") String address) {
        accounts.delete(address);
        return Response.noContent().build();
    }

    @PUT
    @Path("{address}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response password(@PathParam("address") String address, String body) {
        accounts.changePassword(address, JsonBody.parse(body).string("password"));
        return Response.noContent().build();
    }

    /** Lets the account use POP3 APOP with this shared secret (stored as given: APOP needs it). */
    @PUT
    @Path("{address}/apop-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response apopSecret(@PathParam("address") String address, String body) {
        accounts.setApopSecret(address, JsonBody.parse(body).string("secret"));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{address}/apop-secret")
    public Response removeApopSecret(@PathParam("address") String address) {
        accounts.removeApopSecret(address);
        return Response.noContent().build();
    }

    @PUT
    @Path("{address}/enabled")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountView enabled(@PathParam("address") String address, String body) {
        accounts.setEnabled(address, JsonBody.parse(body).requiredBoolean("enabled"));
        return accounts.get(address);
    }

    /** Octets of stored mail the account may hold (0: no limit); mail is refused once it is at or over. */
    @PUT
    @Path("{address}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountView quota(@PathParam("address") String address, String body) {
        accounts.setQuota(address, JsonBody.parse(body).requiredNonNegativeLong("quotaBytes"));
        return accounts.get(address);
    }
}
