package guildhall.store;

import io.vertx.jdbcclient.impl.actions.JDBCColumnDescriptor;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads result columns as the JDBC client's own decoder does, but asks the driver about each column
 * once per result set, not once per cell. The client's decoder describes a column afresh for every
 * value it reads (label, type number, type name and class name, each a call into SQLite's native
 * library): a join's reads of a guild's first member page spent about a fifth of the server's CPU
 * there (async-profiler, the community benchmark's seeding). A column's description cannot change
 * within one result set, and the client makes one descriptor provider per result set, so the provider
 * is the key. Found by the JDBC client through META-INF/services, beside {@link SqliteParameters}.
 */
public final class SqliteColumns extends JDBCDecoderImpl {
  /** The JDBC client reads one result set at a time on each of its worker threads. */
  private static final ThreadLocal<Described> DESCRIBED = ThreadLocal.withInitial(Described::new);

  /** The columns of the result set now being read on this thread, described as they are first met. */
  private static final class Described {
    JDBCColumnDescriptorProvider provider;
    JDBCColumnDescriptor[] columns = new JDBCColumnDescriptor[16];

    JDBCColumnDescriptor column(JDBCColumnDescriptorProvider of, int pos) throws SQLException {
      if (of != provider) {
        provider = of; // held until the next result set: it is that result set's, and small
        Arrays.fill(columns, null);
      }
      if (pos >= columns.length) {
        columns = Arrays.copyOf(columns, Math.max(pos + 1, columns.length * 2));
      }
      JDBCColumnDescriptor column = columns[pos];
      return column != null ? column : (columns[pos] = of.apply(pos));
    }
  }

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    return decode(DESCRIBED.get().column(provider, pos), cls -> cls == null ? rs.getObject(pos) : rs.getObject(pos, cls));
  }
}
