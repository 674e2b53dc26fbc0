package guildhall.store;

import guildhall.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts whole guilds together (roles, channels with their overwrites, members with their roles) from
 * row sets read in one transaction: the same shape for a snapshot, a GUILD_CREATE event and the
 * permissions verticle's start-up load.
 */
final class GuildAssembler {
  private final Map<Long, JsonObject> guilds = new LinkedHashMap<>();
  private final Map<Long, JsonObject> channels = new HashMap<>();
  private final Map<Long, JsonObject> threads = new HashMap<>();
  private final Map<String, JsonObject> members = new HashMap<>();

  GuildAssembler guilds(RowSet<Row> rows) {
    for (Row row : rows) {
      guilds.put(row.getLong("id"), Rows.guild(row)
          .put("roles", new JsonArray()).put("channels", new JsonArray()).put("threads", new JsonArray()).put("members", new JsonArray()));
    }
    return this;
  }

  GuildAssembler roles(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject guild = guilds.get(row.getLong("guild_id"));
      if (guild != null) {
        guild.getJsonArray("roles").add(Rows.role(row));
      }
    }
    return this;
  }

  GuildAssembler channels(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject guild = guilds.get(Rows.longOrNull(row, "guild_id"));
      if (guild != null) {
        JsonObject channel = Rows.channel(row);
        channels.put(row.getLong("id"), channel);
        guild.getJsonArray("channels").add(channel);
      }
    }
    return this;
  }

  /** Threads, each with {@code member_ids} when {@link #threadMembers} follows (Visibility turns them into {@code joined}). */
  GuildAssembler threads(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject guild = guilds.get(Rows.longOrNull(row, "guild_id"));
      if (guild != null) {
        JsonObject thread = Rows.thread(row);
        threads.put(row.getLong("id"), thread);
        guild.getJsonArray("threads").add(thread);
      }
    }
    return this;
  }

  GuildAssembler threadMembers(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject thread = threads.get(row.getLong("thread_id"));
      if (thread != null) {
        if (!thread.containsKey("member_ids")) {
          thread.put("member_ids", new JsonArray());
        }
        thread.getJsonArray("member_ids").add(Ids.str(row.getLong("user_id")));
      }
    }
    return this;
  }

  GuildAssembler overwrites(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject channel = channels.get(row.getLong("channel_id"));
      if (channel != null) {
        channel.getJsonArray("permission_overwrites").add(Rows.overwrite(row));
      }
    }
    return this;
  }

  GuildAssembler members(RowSet<Row> rows) {
    for (Row row : rows) {
      long guildId = row.getLong("guild_id");
      JsonObject guild = guilds.get(guildId);
      if (guild != null) {
        JsonObject member = Rows.member(row);
        members.put(guildId + ":" + row.getLong("user_id"), member);
        guild.getJsonArray("members").add(member);
      }
    }
    return this;
  }

  GuildAssembler memberRoles(RowSet<Row> rows) {
    for (Row row : rows) {
      JsonObject member = members.get(row.getLong("guild_id") + ":" + row.getLong("user_id"));
      if (member != null) {
        member.getJsonArray("roles").add(Ids.str(row.getLong("role_id")));
      }
    }
    return this;
  }

  /**
   * The guilds' true member counts, for when not every member is read ({@link #members} got a large
   * guild's first page only): each guild then says how many it has, and whether it is large.
   */
  GuildAssembler memberCounts(RowSet<Row> rows, int largeThreshold) {
    for (Row row : rows) {
      JsonObject guild = guilds.get(row.getLong("guild_id"));
      if (guild != null) {
        int count = ((Number) row.getValue("count")).intValue();
        guild.put("member_count", count).put("large", guildhall.Config.isLarge(count, largeThreshold));
      }
    }
    return this;
  }

  /** The ids of the guilds {@link #memberCounts} found large. */
  List<Long> largeGuildIds() {
    return guilds.entrySet().stream().filter(e -> e.getValue().getBoolean("large", false)).map(Map.Entry::getKey).toList();
  }

  /** Members read apart (a large guild's page, the user's own record), each once and with its roles. */
  GuildAssembler addMembers(long guildId, JsonArray list) {
    JsonObject guild = guilds.get(guildId);
    for (Object m : list) {
      JsonObject member = (JsonObject) m;
      String key = guildId + ":" + member.getJsonObject("user").getString("id");
      if (guild != null && members.putIfAbsent(key, member) == null) {
        guild.getJsonArray("members").add(member);
      }
    }
    return this;
  }

  List<JsonObject> build() {
    for (JsonObject guild : guilds.values()) {
      if (!guild.containsKey("member_count")) {
        guild.put("member_count", guild.getJsonArray("members").size());
      }
    }
    return List.copyOf(guilds.values());
  }
}
