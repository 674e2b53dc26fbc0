package guildhall.store;

import io.vertx.core.json.JsonArray;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCEncoderImpl;
import io.vertx.sqlclient.Tuple;

import java.sql.SQLException;

/**
 * Binds the store's statement parameters as they are. The JDBC client's own encoder asks the driver
 * for each parameter's type first; SQLite's driver cannot say, and answers every such question by
 * throwing an SQLException, so each parameter of each statement cost an exception with its stack
 * trace: about 5 % of the server's CPU while it fans out (async-profiler, bin/bench-vs-nchan). The
 * values the store binds (text, integers, doubles, booleans, null) need no type to be bound; anything
 * else still goes the encoder's way. Found by the JDBC client through META-INF/services; the
 * PostgreSQL client is not JDBC and never sees it.
 */
public final class SqliteParameters extends JDBCEncoderImpl {
  @Override
  public Object encode(Tuple input, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    Object value = input.getValue(pos - 1);
    return bindsAsIs(value) ? value : super.encode(input, pos, provider);
  }

  @Override
  public Object encode(JsonArray input, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    Object value = input.getValue(pos - 1);
    return bindsAsIs(value) ? value : super.encode(input, pos, provider);
  }

  private static boolean bindsAsIs(Object value) {
    return value == null || value instanceof String || value instanceof Long || value instanceof Integer
        || value instanceof Double || value instanceof Boolean;
  }
}
