package dev.maildock.ejb.admin;

import jakarta.persistence.EntityManagerFactory;

import java.io.StringWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;

/**
 * EclipseLink's {@code SchemaManager} (Liberty's JPA provider), reached by reflection.
 * <p>
 * Liberty shows EclipseLink's classes to an application only with the class loader setting
 * {@code apiTypeVisibility="+third-party"}, and a common library must then have the same setting
 * as every application that uses it (CWWKL0008W otherwise). The Jakarta Mail provider's library is
 * shared with in-house applications, so the setting would be pushed onto each of them. Maildock
 * needs four public methods of EclipseLink 4.0's API, so it calls them by name instead.
 */
final class EclipseLinkSchema {

    private static final String SCHEMA_MANAGER = "org.eclipse.persistence.tools.schemaframework.SchemaManager";
    private static final String DATABASE_SESSION = "org.eclipse.persistence.sessions.DatabaseSession";

    private final Object session;
    private final Class<?> schemaManager;
    private final Class<?> databaseSession;

    /** Logs the unit in (connects to the database) if nothing has used it yet. */
    EclipseLinkSchema(EntityManagerFactory emf) {
        // EclipseLink's login looks for an MBean server with MBeanServerFactory.findMBeanServer,
        // which lists only servers already made; finding none (on PostgreSQL: on Derby, Derby's
        // boot has made one) it logs a CWWJP9991W warning and then makes the platform one itself.
        // Making it first spares operators that false alarm.
        ManagementFactory.getPlatformMBeanServer();
        try {
            // Liberty's factory unwraps to what EclipseLink's factory implements, so to the factory.
            Object factory = emf.unwrap(EntityManagerFactory.class);
            session = factory.getClass().getMethod("getDatabaseSession").invoke(factory);
            ClassLoader eclipseLink = session.getClass().getClassLoader();
            schemaManager = Class.forName(SCHEMA_MANAGER, true, eclipseLink);
            databaseSession = Class.forName(DATABASE_SESSION, true, eclipseLink);
        } catch (ReflectiveOperationException e) {
            throw unexpected(e);
        }
    }

    /** The DDL that would create every entity's table and constraint, written without the database. */
    String createStatements() {
        StringWriter ddl = new StringWriter();
        Object scripts = manager();
        call(scripts, "outputCreateDDLToWriter", Writer.class, ddl);
        call(scripts, "createDefaultTables", boolean.class, true);
        return ddl.toString();
    }

    /** Creates missing tables, adds missing columns and constraints; keeps what exists. */
    void extend() {
        call(manager(), "extendDefaultTables", boolean.class, true);
    }

    private Object manager() {
        try {
            return schemaManager.getConstructor(databaseSession).newInstance(session);
        } catch (ReflectiveOperationException e) {
            throw unexpected(e);
        }
    }

    private void call(Object target, String method, Class<?> parameter, Object argument) {
        try {
            schemaManager.getMethod(method, parameter).invoke(target, argument);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw unexpected(e);
        } catch (ReflectiveOperationException e) {
            throw unexpected(e);
        }
    }

    private static IllegalStateException unexpected(Exception e) {
        return new IllegalStateException("EclipseLink's SchemaManager API (4.0) is not as expected", e);
    }
}
