package guildhall.store;

import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A guild's member list a page at a time, ordered by user id: what {@code GET /guilds/{id}/members}
 * answers, and what a large guild's snapshot holds as its first page.
 */
final class MemberPages {
  /** The page size when none is asked for, and the snapshot's first page of a large guild (the same, so they agree). */
  static final int FIRST_PAGE = 100;

  private MemberPages() {}

  /** Members with user id above {@code after} (0 for the start), at most {@code limit}, with their roles. */
  static Future<JsonArray> page(SqlQueries sql, SqlClient conn, long guildId, long after, int limit) {
    return Sql.run(conn, sql.membersPage, guildId, after, limit).compose(rows -> {
      Map<Long, JsonObject> members = new LinkedHashMap<>();
      long last = after;
      for (Row row : rows) {
        members.put(row.getLong("user_id"), Rows.member(row));
        last = row.getLong("user_id");
      }
      if (members.isEmpty()) {
        return Future.succeededFuture(new JsonArray());
      }
      return Sql.run(conn, sql.memberRolesOfPage, guildId, after, last).map(roles -> {
        for (Row row : roles) {
          JsonObject member = members.get(row.getLong("user_id"));
          if (member != null) {
            member.getJsonArray("roles").add(Ids.str(row.getLong("role_id")));
          }
        }
        return new JsonArray(new java.util.ArrayList<>(members.values()));
      });
    });
  }

  /** One member with their roles, or null when not a member. */
  static Future<JsonObject> one(SqlQueries sql, SqlClient conn, long guildId, long userId) {
    return Sql.one(conn, sql.memberOfGuild, guildId, userId).compose(row -> {
      if (row == null) {
        return Future.succeededFuture(null);
      }
      JsonObject member = Rows.member(row);
      return Sql.run(conn, sql.memberRolesOf, guildId, userId).map(roles -> {
        for (Row r : roles) {
          member.getJsonArray("roles").add(Ids.str(r.getLong("role_id")));
        }
        return member;
      });
    });
  }
}
