package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * Reports of messages and the moderation queue. A report copies the message's text and author when it is
 * made, so that an edit or a deletion afterwards changes nothing of what moderators judge; its events carry
 * no channel and no message in the log's columns, so the log's redactions of messages and channels leave
 * them alone (only a deleted guild takes them, with the reports themselves). Who may do what is decided
 * before this; a resolution's action runs in the same transaction as the resolution, through the same
 * code the moderation routes use, so either both happen or neither does.
 */
final class ReportStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;
  private final MessageStore messages;
  private final ModerationStore moderation;

  ReportStore(Database db, SqlQueries sql, GroupCommit writes, MessageStore messages, ModerationStore moderation) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
    this.messages = messages;
    this.moderation = moderation;
  }

  /** {user_id, guild_id, channel_id, message_id, reason, details}: 404 when the message is gone, 409 on a second report. */
  Future<JsonObject> create(JsonObject req) {
    long reporterId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    String reason = req.getString("reason");
    String details = blankToNull(req.getString("details"));
    return writes.submit((tx, conn) -> Sql.one(conn, sql.messageById, messageId, channelId).compose(message -> {
      if (message == null) {
        throw ApiError.notFound("message");
      }
      long authorId = message.getLong("author_id");
      if (authorId == reporterId) {
        throw ApiError.badRequest("message_id", "You cannot report your own message");
      }
      long id = tx.nextId();
      return Sql.run(conn, sql.insertReport, id, guildId, channelId, messageId, reporterId, authorId, reason, details,
          message.getString("content"), tx.now).compose(inserted -> {
        if (inserted.rowCount() == 0) {
          throw ApiError.conflict("message_id", "You have already reported this message");
        }
        return byId(conn, guildId, id);
      }).map(report -> {
        tx.emit(EventType.REPORT_CREATE, guildId, null, null, report);
        return report;
      });
    }));
  }

  /** {guild_id, report_id}: the report, or 404. */
  Future<JsonObject> get(JsonObject req) {
    return byId(db.reader, Ids.require(req, "guild_id"), Ids.require(req, "report_id"));
  }

  /** {guild_id, status, limit}: newest first. */
  Future<JsonArray> list(JsonObject req) {
    return Sql.run(db.reader, sql.reportsOfGuild, Ids.require(req, "guild_id"), req.getString("status", "open"), req.getInteger("limit", 100))
        .map(rows -> new JsonArray(Rows.map(rows, ReportStore::report)));
  }

  /**
   * {user_id, guild_id, report_id, status, action, note, timeout_minutes?}: closes an open report and carries out
   * its action on the reported message or its author, all in one transaction. A report already closed is 409;
   * a failing action (its member gone, its message gone) fails the whole write, the report unchanged.
   */
  Future<JsonObject> update(JsonObject req) {
    long moderatorId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    long reportId = Ids.require(req, "report_id");
    String status = req.getString("status");
    String action = req.getString("action", "none");
    String note = blankToNull(req.getString("note"));
    return writes.submit((tx, conn) -> byId(conn, guildId, reportId).compose(report -> {
      if (!"open".equals(report.getString("status"))) {
        throw ApiError.conflict("status", "This report is already " + report.getString("status"));
      }
      long channelId = Long.parseLong(report.getString("channel_id"));
      long messageId = Long.parseLong(report.getString("message_id"));
      long authorId = Long.parseLong(report.getJsonObject("author").getString("id"));
      Future<JsonObject> done = switch (action) {
        case "delete_message" -> messages.deleteIn(tx, conn, channelId, messageId, req.getBoolean("thread", false));
        case "timeout" -> {
          long until = tx.now + req.getLong("timeout_minutes", 60L) * 60_000L;
          yield moderation.patchIn(tx, conn, guildId, authorId,
              new JsonObject().put("communication_disabled_until", Rows.iso(until)), until);
        }
        case "kick" -> moderation.kickIn(tx, conn, guildId, authorId);
        case "ban" -> moderation.banIn(tx, conn, guildId, authorId, note);
        default -> Future.succeededFuture(new JsonObject());
      };
      return done.compose(v -> Sql.run(conn, sql.resolveReport, status, moderatorId, tx.now, action, note, reportId))
          .compose(v -> byId(conn, guildId, reportId))
          .map(resolved -> {
            tx.emit(EventType.REPORT_UPDATE, guildId, null, null, resolved);
            return resolved;
          });
    }));
  }

  private Future<JsonObject> byId(io.vertx.sqlclient.SqlClient conn, long guildId, long reportId) {
    return Sql.one(conn, sql.reportById, reportId, guildId).map(row -> {
      if (row == null) {
        throw ApiError.notFound("report");
      }
      return report(row);
    });
  }

  static JsonObject report(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("guild_id", Ids.str(row.getLong("guild_id")))
        .put("channel_id", Ids.str(row.getLong("channel_id")))
        .put("message_id", Ids.str(row.getLong("message_id")))
        .put("reporter_id", Ids.str(row.getLong("reporter_id")))
        .put("author", Rows.user(row.getLong("author_id"), row.getString("author_username"), row.getString("author_global_name")))
        .put("reason", row.getString("reason"))
        .put("details", row.getString("details"))
        .put("content", row.getString("content"))
        .put("status", row.getString("status"))
        .put("created_at", Rows.iso(Rows.longOrNull(row, "created_at")))
        .put("resolved_by", Ids.strOrNull(Rows.longOrNull(row, "resolved_by")))
        .put("action", row.getString("action"))
        .put("note", row.getString("note"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
