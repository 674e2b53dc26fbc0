package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a member wants to be notified of in a guild and its channels (Discord's user guild settings):
 * stored for them, sent to their other sessions as USER_GUILD_SETTINGS_UPDATE, and carried by the
 * snapshot. Whether a message notifies is the client's to compute from these.
 */
final class NotificationSettingsStore {
  /**
   * What a guild without a row means: Discord's message_notifications 1, only mentions, its default for
   * a busy server (0 is all messages, 2 nothing).
   */
  static final int ONLY_MENTIONS = 1;

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  NotificationSettingsStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** The user's settings in one guild (the defaults when they never chose). */
  Future<JsonObject> get(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    return read(db.reader, guildId, userId);
  }

  /**
   * Changes what the request names and keeps the rest, as Discord's PATCH: {@code message_notifications},
   * {@code muted}, {@code mute_end_time} (ms, null: until turned back on) for the guild, and for each
   * of {@code channel_overrides} (already checked to be the guild's channels the user may see) the
   * same fields of that channel. An override back to "inherit, not muted" is removed, and so are those of
   * channels deleted since (no key to channels: see V11). The caller must still be a member when the
   * write runs, else 404.
   */
  Future<JsonObject> set(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.memberOfGuild, guildId, userId).compose(member -> {
      if (member == null) {
        throw ApiError.notFound("guild");
      }
      return Sql.one(conn, sql.guildSettingsOf, guildId, userId);
    }).compose(row -> {
      JsonObject current = row == null ? guildDefaults(guildId) : guildSettings(row);
      int notifications = req.getInteger("message_notifications", current.getInteger("message_notifications"));
      boolean muted = req.getBoolean("muted", current.getBoolean("muted"));
      Long endTime = !muted ? null : req.containsKey("mute_end_time") ? req.getLong("mute_end_time") : current.getLong("mute_end_time");
      return Sql.run(conn, sql.upsertGuildSettings, guildId, userId, notifications, muted ? 1 : 0, endTime);
    }).compose(v -> Sql.run(conn, sql.pruneChannelOverrides, guildId, userId, guildId))
    .compose(v -> Sql.run(conn, sql.channelOverridesOf, guildId, userId)).compose(rows -> {
      Map<Long, JsonObject> overrides = new LinkedHashMap<>();
      for (Row r : rows) {
        overrides.put(r.getLong("channel_id"), channelOverride(r));
      }
      Future<?> chain = Future.succeededFuture();
      for (Object o : req.getJsonArray("channel_overrides", new JsonArray())) {
        JsonObject change = (JsonObject) o;
        long channelId = Ids.require(change, "channel_id");
        JsonObject current = overrides.getOrDefault(channelId, new JsonObject().put("muted", false));
        Integer notifications = change.containsKey("message_notifications")
            ? change.getInteger("message_notifications") : current.getInteger("message_notifications");
        boolean muted = change.getBoolean("muted", current.getBoolean("muted"));
        Long endTime = !muted ? null
            : change.containsKey("mute_end_time") ? change.getLong("mute_end_time") : current.getLong("mute_end_time");
        chain = chain.compose(x -> notifications == null && !muted
            ? Sql.run(conn, sql.deleteChannelOverride, guildId, userId, channelId)
            : Sql.run(conn, sql.upsertChannelOverride, guildId, userId, channelId, notifications, muted ? 1 : 0, endTime));
      }
      return chain;
    }).compose(v -> read(conn, guildId, userId)).map(settings -> {
      tx.emit(EventType.USER_GUILD_SETTINGS_UPDATE, guildId, null, userId, settings.copy());
      return settings;
    }));
  }

  private Future<JsonObject> read(SqlClient client, long guildId, long userId) {
    return Sql.one(client, sql.guildSettingsOf, guildId, userId).compose(row -> {
      JsonObject settings = row == null ? guildDefaults(guildId) : guildSettings(row);
      return Sql.run(client, sql.channelOverridesOf, guildId, userId).map(rows -> withOverrides(settings, rows));
    });
  }

  /** All of a user's guild settings, with their overrides, for the snapshot (guilds without a row are left out). */
  static Future<JsonArray> ofUser(SqlQueries sql, SqlClient client, long userId) {
    return Sql.run(client, sql.guildSettingsOfUser, userId).compose(guilds ->
        Sql.run(client, sql.channelOverridesOfUser, userId).map(overrides -> {
          Map<Long, List<Row>> byGuild = new LinkedHashMap<>();
          for (Row o : overrides) {
            byGuild.computeIfAbsent(o.getLong("guild_id"), g -> new ArrayList<>()).add(o);
          }
          JsonArray out = new JsonArray();
          for (Row g : guilds) {
            JsonObject settings = guildSettings(g);
            JsonArray list = new JsonArray();
            for (Row o : byGuild.getOrDefault(g.getLong("guild_id"), List.of())) {
              list.add(publicOverride(channelOverride(o)));
            }
            out.add(publicGuild(settings).put("channel_overrides", list));
          }
          return out;
        }));
  }

  private static JsonObject withOverrides(JsonObject settings, RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    for (Row r : rows) {
      list.add(publicOverride(channelOverride(r)));
    }
    return publicGuild(settings).put("channel_overrides", list);
  }

  // Internally mute_end_time is ms; the API speaks Discord's mute_config {end_time: ISO 8601 or null}.
  private static JsonObject guildDefaults(long guildId) {
    return new JsonObject().put("guild_id", guildId).put("message_notifications", ONLY_MENTIONS).put("muted", false).putNull("mute_end_time");
  }

  private static JsonObject guildSettings(Row row) {
    return new JsonObject().put("guild_id", row.getLong("guild_id"))
        .put("message_notifications", ((Number) row.getValue("message_notifications")).intValue())
        .put("muted", Rows.flag(row, "muted")).put("mute_end_time", Rows.longOrNull(row, "mute_end_time"));
  }

  private static JsonObject channelOverride(Row row) {
    Number notifications = (Number) row.getValue("message_notifications");
    return new JsonObject().put("channel_id", row.getLong("channel_id"))
        .put("message_notifications", notifications == null ? null : notifications.intValue())
        .put("muted", Rows.flag(row, "muted")).put("mute_end_time", Rows.longOrNull(row, "mute_end_time"));
  }

  private static JsonObject publicGuild(JsonObject s) {
    return new JsonObject().put("guild_id", Ids.str(s.getLong("guild_id")))
        .put("message_notifications", s.getInteger("message_notifications"))
        .put("muted", s.getBoolean("muted")).put("mute_config", muteConfig(s));
  }

  private static JsonObject publicOverride(JsonObject o) {
    return new JsonObject().put("channel_id", Ids.str(o.getLong("channel_id")))
        .put("message_notifications", o.getInteger("message_notifications"))
        .put("muted", o.getBoolean("muted")).put("mute_config", muteConfig(o));
  }

  private static JsonObject muteConfig(JsonObject s) {
    return s.getBoolean("muted") ? new JsonObject().put("end_time", Rows.iso(s.getLong("mute_end_time"))) : null;
  }
}
