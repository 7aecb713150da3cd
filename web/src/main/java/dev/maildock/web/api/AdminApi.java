package dev.maildock.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API root: /api. Admin resources live under /api/admin, role admin (web.xml). */
@ApplicationPath("/api")
public class AdminApi extends Application {
}
