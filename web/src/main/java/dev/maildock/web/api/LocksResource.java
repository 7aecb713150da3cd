package dev.maildock.web.api;

import dev.maildock.ejb.account.LoginLockView;
import dev.maildock.ejb.account.LoginLocks;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The login lockout's locks: GET the ones in force; DELETE accounts/{address} lifts a login name's
 * locks from every client address, DELETE clients/{address} a client address's lock and those of
 * every name from it.
 */
@Path("admin/locks")
@Produces(MediaType.APPLICATION_JSON)
public class LocksResource {

    @EJB
    private LoginLocks locks;

    @GET
    public List<LoginLockView> list() {
        return locks.current();
    }

    @DELETE
    @Path("accounts/{address}")
    public Response liftAccount(@PathParam("address") String address) {
        locks.liftAccount(address);
        return Response.noContent().build();
    }

    @DELETE
    @Path("clients/{address}")
    public Response liftClient(@PathParam("address") String address) {
        locks.liftClient(address);
        return Response.noContent().build();
    }
}
