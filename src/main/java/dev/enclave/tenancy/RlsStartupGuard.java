package dev.enclave.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Refuses to boot when row-level security could be bypassed: the pool's role is superuser, has BYPASSRLS or owns
 * a tenant table (owners skip RLS unless it is forced), or a tenant table (any table with a {@code tenant_id}
 * column) lacks ENABLE + FORCE row level security or the tenant isolation policy, or has a permissive policy that
 * applies to the pool's role and is looser than it (permissive policies are OR-ed, so one {@code using (true)}
 * undoes the isolation policy). Read from pg_catalog, as the pool's own role. This checks the shared database at
 * start; dedicated databases are checked with {@link #verify} before their pool serves (dev.enclave.placement).
 */
@Singleton
public class RlsStartupGuard {

    private static final Logger LOG = Logger.getLogger(RlsStartupGuard.class);

    /**
     * The one row filter every tenant table's policy uses (V2), as PostgreSQL prints it back. Compared as text: a
     * stricter but differently written policy is refused too, which is the safe side for a boot guard.
     */
    static final String ISOLATION = "(tenant_id = current_setting('app.tenant_id'::text, true))";

    static final String ROLE_QUERY = """
            select rolsuper, rolbypassrls from pg_roles where rolname = current_user""";

    static final String TABLE_QUERY = """
            select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   pg_has_role(current_user, c.relowner, 'MEMBER') as owned,
                   exists (select 1 from pg_policy p
                            where p.polrelid = c.oid and p.polpermissive and p.polcmd = '*'
                              and (0 = any (p.polroles) or exists (select 1 from unnest(p.polroles) r
                                                                    where r <> 0 and pg_has_role(current_user, r, 'MEMBER')))
                              and pg_get_expr(p.polqual, p.polrelid) = ?
                              and coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ?) = ?) as isolated,
                   array(select format('%s (%s)', p.polname, concat_ws(' / ', 'using ' || pg_get_expr(p.polqual, p.polrelid),
                                                                  'with check ' || pg_get_expr(p.polwithcheck, p.polrelid)))
                           from pg_policy p
                          where p.polrelid = c.oid and p.polpermissive
                            and (0 = any (p.polroles) or exists (select 1 from unnest(p.polroles) r
                                                                  where r <> 0 and pg_has_role(current_user, r, 'MEMBER')))
                            and (pg_get_expr(p.polqual, p.polrelid) is distinct from ?
                                 and p.polqual is not null
                                 or pg_get_expr(p.polwithcheck, p.polrelid) is distinct from ?
                                 and p.polwithcheck is not null)
                          order by p.polname) as looser
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p')
               and n.nspname = current_schema()
               and exists (select 1 from pg_attribute a
                            where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
             order by c.relname""";

    void check(@Observes StartupEvent event, DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int tables = verify(connection);
            LOG.infof("RLS guard: application role cannot bypass RLS; %d tenant tables have forced row level security", tables);
        }
    }

    /**
     * The check itself, as the connection's current role: throws when isolation is not guaranteed, otherwise
     * answers how many tenant tables were checked. Separate from startup so tests can point it at scratch roles
     * and tables; startup still fails closed because the exception aborts boot.
     */
    public static int verify(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        int tables = 0;
        try (Statement statement = connection.createStatement();
                PreparedStatement tableQuery = connection.prepareStatement(TABLE_QUERY)) {
            try (ResultSet role = statement.executeQuery(ROLE_QUERY)) {
                role.next();
                if (role.getBoolean("rolsuper")) {
                    problems.add("the application role is a superuser");
                }
                if (role.getBoolean("rolbypassrls")) {
                    problems.add("the application role has BYPASSRLS");
                }
            }
            for (int parameter = 1; parameter <= 5; parameter++) {
                tableQuery.setString(parameter, ISOLATION);
            }
            try (ResultSet table = tableQuery.executeQuery()) {
                while (table.next()) {
                    tables++;
                    String name = table.getString("relname");
                    if (!table.getBoolean("relrowsecurity")) {
                        problems.add(name + ": row level security is not enabled");
                    }
                    if (!table.getBoolean("relforcerowsecurity")) {
                        problems.add(name + ": row level security is not forced");
                    }
                    if (table.getBoolean("owned")) {
                        problems.add(name + ": owned by the application role or a role it belongs to");
                    }
                    if (!table.getBoolean("isolated")) {
                        problems.add(name + ": has no tenant isolation policy (permissive, for all commands, using "
                                + ISOLATION + ")");
                    }
                    for (String policy : (String[]) table.getArray("looser").getArray()) {
                        problems.add(name + ": policy " + policy + " is looser than the tenant isolation policy");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start, tenant isolation is not guaranteed: " + String.join("; ", problems));
        }
        return tables;
    }
}
