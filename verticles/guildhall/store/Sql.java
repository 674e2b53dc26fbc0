package guildhall.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Shorthand for running one prepared statement with positional arguments. */
final class Sql {
  private Sql() {}

  static Future<RowSet<Row>> run(SqlClient client, String sql, Object... args) {
    return client.preparedQuery(sql).execute(Tuple.wrap(args));
  }

  static Future<Row> one(SqlClient client, String sql, Object... args) {
    return run(client, sql, args).map(Rows::first);
  }
}
