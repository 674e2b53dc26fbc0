package guildhall.store;

import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * The presence a user chose: a status (online, idle, dnd, invisible) and a custom status. The only
 * part of presence that is stored; whether they are connected is the presence verticle's alone.
 */
final class PresenceStore {
  static final String DEFAULT_STATUS = "online";

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  PresenceStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** {status, custom_status}: what the user chose, or the default for one who never chose. */
  Future<JsonObject> get(JsonObject req) {
    return Sql.one(db.reader, sql.presenceOfUser, Ids.require(req, "user_id")).map(PresenceStore::chosen);
  }

  /**
   * Sets what the request names ({@code status}, {@code custom_status}: null clears it), keeps the
   * rest, and tells the user's other sessions with USER_SETTINGS_UPDATE.
   */
  Future<JsonObject> set(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.presenceOfUser, userId).compose(row -> {
      JsonObject current = chosen(row);
      String status = req.getString("status", current.getString("status"));
      JsonObject custom = req.containsKey("custom_status") ? req.getJsonObject("custom_status") : current.getJsonObject("custom_status");
      String text = custom == null ? null : blankToNull(custom.getString("text"));
      String emoji = custom == null ? null : blankToNull(custom.getString("emoji"));
      return Sql.run(conn, sql.upsertPresence, userId, status, text, emoji).map(done -> {
        JsonObject presence = presence(status, text, emoji);
        tx.emit(EventType.USER_SETTINGS_UPDATE, null, null, userId, presence.copy());
        return presence;
      });
    }));
  }

  static JsonObject chosen(Row row) {
    return row == null ? presence(DEFAULT_STATUS, null, null)
        : presence(row.getString("status"), row.getString("custom_text"), row.getString("custom_emoji"));
  }

  static JsonObject presence(String status, String text, String emoji) {
    JsonObject custom = text == null && emoji == null ? null : new JsonObject().put("text", text).put("emoji", emoji);
    return new JsonObject().put("status", status).put("custom_status", custom);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
