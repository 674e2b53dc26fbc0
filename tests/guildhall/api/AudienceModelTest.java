package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.SnapshotModel;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rule of replay, tested as a model: several users hold live streams while random sequences of
 * every kind of change run against a real server; then, for random (user, cursor) pairs, a replay
 * from the cursor must give exactly the events that user received live after it (ids, types and
 * payloads; message text as it is now, since the log keeps no old text), or RESYNC. An extra event
 * is a leak, a missing one a loss. And Zulip's check: an old snapshot plus the live events after it
 * equals a fresh snapshot, for every user. A failure names its seed: {@code -Daudience.seed=N} replays it;
 * {@code -Daudience.seed=random} tries new sequences, {@code -Daudience.rounds=N} more of them.
 */
class AudienceModelTest extends ApiTestBase {
  private static final long VIEW = 1L << 10;
  private static final String[] EMOJI = {"👍", "🎉", "x"};

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // bounded in time as in count: ~10 s here, on a slow day a few times that
  @DisplayName("From any cursor, a replay gives each user exactly what they received live, or RESYNC; old snapshots plus events equal fresh ones")
  void replayEqualsLive() {
    // A fixed seed by default, so that a run is repeatable; -Daudience.seed=random explores new sequences.
    String given = System.getProperty("audience.seed", "20261202");
    long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
    int rounds = Integer.getInteger("audience.rounds", 3);
    for (int round = 0; round < rounds; round++) {
      new Run(seed + round).play();
    }
  }

  /** One seeded sequence: its own users and guilds, so that rounds do not see each other. */
  private final class Run {
    final long seed;
    final Random random;
    final List<String> log = new ArrayList<>();
    final List<ApiClient.Session> users = new ArrayList<>();
    final Map<String, SseClient> live = new LinkedHashMap<>();
    final List<JsonObject> guilds = new ArrayList<>();
    /** guild id → its channels (ids, categories included), roles (not @everyone) and current members. */
    final Map<String, List<String>> channelsOf = new HashMap<>();
    final Map<String, List<String>> categoriesOf = new HashMap<>();
    final Map<String, List<String>> rolesOf = new HashMap<>();
    final Map<String, Set<String>> membersOf = new HashMap<>();
    final Map<String, Set<String>> bannedOf = new HashMap<>();
    final Map<String, String> ownerOf = new HashMap<>();
    /** message id → {channel, author, content}; deleted ones are removed and remembered. */
    final Map<String, JsonObject> messages = new LinkedHashMap<>();
    final Set<String> deletedMessages = new HashSet<>();
    final Set<String> deletedChannels = new HashSet<>();
    int sequence;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    void play() {
      try {
        setUp();
        for (int i = 0; i < 70; i++) {
          step(true);
        }
        quiesce();
        Map<String, Integer> seenAtMid = new HashMap<>();
        Map<String, JsonObject> midSnapshots = new HashMap<>();
        for (ApiClient.Session user : users) {
          seenAtMid.put(user.userId(), live.get(user.userId()).seen().size());
          midSnapshots.put(user.userId(), ok(user.get("/snapshot"), "mid snapshot").json());
        }
        for (int i = 0; i < 70; i++) {
          step(true);
        }
        // A calm tail: messages, edits, deletes and reactions only, so that late cursors cross no reshaping.
        for (int i = 0; i < 25; i++) {
          step(false);
        }
        Map<String, Long> horizons = quiesce();
        checkMemory();
        checkSnapshots(seenAtMid, midSnapshots);
        checkReplays(horizons);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + " (-Daudience.seed=" + seed + "): " + e.getMessage()
            + "\nsequence:\n  " + String.join("\n  ", log), e);
      } finally {
        live.values().forEach(SseClient::close);
      }
    }

    void setUp() {
      for (String name : List.of("owner", "ann", "ben", "cat", "dan", "eve")) {
        ApiClient.Session user = user(name);
        users.add(user);
        live.put(user.userId(), user.stream(null));
      }
      ApiClient.Session owner = users.get(0);
      addGuild(owner, false);
      addGuild(users.get(1), true);
      for (ApiClient.Session user : users.subList(1, 4)) {
        joinByInvite(user, guilds.get(0));
      }
    }

    void addGuild(ApiClient.Session owner, boolean isPublic) {
      JsonObject guild = guild(owner, isPublic);
      String id = guild.getString("id");
      guilds.add(guild);
      ownerOf.put(id, owner.userId());
      channelsOf.put(id, new ArrayList<>(List.of(general(guild))));
      categoriesOf.put(id, new ArrayList<>());
      rolesOf.put(id, new ArrayList<>());
      membersOf.put(id, new HashSet<>(Set.of(owner.userId())));
      bannedOf.put(id, new HashSet<>());
      log.add(owner.username() + " creates guild " + id);
    }

    // ---- the random sequence

    void step(boolean reshaping) {
      sequence++;
      JsonObject guild = guilds.get(random.nextInt(guilds.size()));
      String g = guild.getString("id");
      ApiClient.Session owner = session(ownerOf.get(g));
      int pick = random.nextInt(reshaping ? 100 : 45);
      if (pick < 22) {
        send(g);
      } else if (pick < 29) {
        edit();
      } else if (pick < 34) {
        deleteMessage(g);
      } else if (pick < 42) {
        react();
      } else if (pick < 45) {
        profile();
      } else if (pick < 49) {
        createChannel(owner, g, random.nextInt(4) == 0);
      } else if (pick < 52) {
        moveOrRenameChannel(owner, g);
      } else if (pick < 54) {
        deleteChannel(owner, g);
      } else if (pick < 61) {
        putOverwrite(owner, g);
      } else if (pick < 64) {
        deleteOverwrite(owner, g);
      } else if (pick < 66) {
        createRole(owner, g);
      } else if (pick < 70) {
        rolePermissions(owner, g);
      } else if (pick < 71) {
        deleteRole(owner, g);
      } else if (pick < 76) {
        memberRoles(owner, g);
      } else if (pick < 81) {
        joinSomeone(g, guild);
      } else if (pick < 83) {
        leave(g);
      } else if (pick < 85) {
        kickOrBan(owner, g, false);
      } else if (pick < 87) {
        kickOrBan(owner, g, true);
      } else if (pick < 89) {
        unban(owner, g);
      } else if (pick < 92) {
        timeout(owner, g);
      } else if (pick < 94) {
        act(owner.username() + " renames guild " + g, () -> owner.patch("/guilds/" + g, new JsonObject().put("name", "g" + sequence)));
      } else if (pick < 97) {
        typing(g);
      } else {
        transferOwnership(owner, g);
      }
    }

    void send(String g) {
      ApiClient.Session author = member(g);
      String channel = any(channelsOf.get(g));
      if (author == null || channel == null) {
        return;
      }
      String content = "m" + sequence + "-" + Long.toHexString(random.nextLong());
      JsonObject body = new JsonObject().put("content", content).put("nonce", "n" + sequence);
      String replyTo = random.nextInt(3) == 0 ? anyMessageIn(channel) : null;
      if (replyTo != null) {
        body.put("reply_to", replyTo);
      }
      ApiClient.Reply reply = act(author.username() + " sends in " + channel + (replyTo == null ? "" : " replying to " + replyTo),
          () -> author.post("/channels/" + channel + "/messages", body));
      if (reply.status() == 200) {
        messages.put(reply.json().getString("id"), new JsonObject().put("channel", channel).put("author", author.userId()).put("content", content));
      }
    }

    void edit() {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return;
      }
      JsonObject message = messages.get(id);
      String content = "edit" + sequence;
      ApiClient.Session author = session(message.getString("author"));
      ApiClient.Reply reply = act(author.username() + " edits " + id,
          () -> author.patch("/channels/" + message.getString("channel") + "/messages/" + id, new JsonObject().put("content", content)));
      if (reply.status() == 200) {
        message.put("content", content);
      }
    }

    void deleteMessage(String g) {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return;
      }
      JsonObject message = messages.get(id);
      ApiClient.Session by = random.nextBoolean() ? session(message.getString("author")) : session(ownerOf.get(g));
      ApiClient.Reply reply = act(by.username() + " deletes " + id, () -> by.delete("/channels/" + message.getString("channel") + "/messages/" + id));
      if (reply.status() == 204 || reply.status() == 200) {
        messages.remove(id);
        deletedMessages.add(id);
      }
    }

    void react() {
      String id = any(new ArrayList<>(messages.keySet()));
      if (id == null) {
        return;
      }
      ApiClient.Session by = users.get(random.nextInt(users.size()));
      String path = "/channels/" + messages.get(id).getString("channel") + "/messages/" + id + "/reactions/"
          + java.net.URLEncoder.encode(EMOJI[random.nextInt(EMOJI.length)], java.nio.charset.StandardCharsets.UTF_8) + "/@me";
      if (random.nextBoolean()) {
        act(by.username() + " reacts to " + id, () -> by.put(path, null));
      } else {
        act(by.username() + " unreacts to " + id, () -> by.delete(path));
      }
    }

    void profile() {
      ApiClient.Session user = users.get(random.nextInt(users.size()));
      act(user.username() + " changes profile", () -> user.patch("/users/@me", new JsonObject().put("global_name", "name" + sequence)));
    }

    void createChannel(ApiClient.Session owner, String g, boolean category) {
      JsonObject body = new JsonObject().put("name", (category ? "cat" : "ch") + sequence).put("type", category ? 4 : 0);
      String parent = category ? null : random.nextBoolean() ? any(categoriesOf.get(g)) : null;
      if (parent != null) {
        body.put("parent_id", parent);
      }
      ApiClient.Reply reply = act(owner.username() + " creates " + (category ? "category" : "channel") + " in " + g
          + (parent == null ? "" : " under " + parent), () -> owner.post("/guilds/" + g + "/channels", body));
      if (reply.status() == 201 || reply.status() == 200) {
        String id = reply.json().getString("id");
        channelsOf.get(g).add(id);
        if (category) {
          categoriesOf.get(g).add(id);
        }
      }
    }

    void moveOrRenameChannel(ApiClient.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      if (channel == null || categoriesOf.get(g).contains(channel)) {
        return;
      }
      JsonObject body = new JsonObject();
      if (random.nextBoolean()) {
        body.put("name", "renamed" + sequence);
      } else {
        String parent = any(categoriesOf.get(g));
        body.put("parent_id", random.nextBoolean() ? parent : null);
      }
      act(owner.username() + " patches channel " + channel + " " + body.encode(), () -> owner.patch("/channels/" + channel, body));
    }

    void deleteChannel(ApiClient.Session owner, String g) {
      List<String> channels = channelsOf.get(g);
      if (channels.size() < 3) {
        return;
      }
      String channel = channels.get(1 + random.nextInt(channels.size() - 1));
      ApiClient.Reply reply = act(owner.username() + " deletes channel " + channel, () -> owner.delete("/channels/" + channel));
      if (reply.status() == 204 || reply.status() == 200) {
        channels.remove(channel);
        categoriesOf.get(g).remove(channel);
        deletedChannels.add(channel);
        messages.values().removeIf(m -> m.getString("channel").equals(channel));
      }
    }

    void putOverwrite(ApiClient.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      if (channel == null) {
        return;
      }
      boolean forRole = random.nextBoolean();
      String target = forRole ? (random.nextBoolean() ? g : any(rolesOf.get(g))) : any(new ArrayList<>(membersOf.get(g)));
      if (target == null) {
        return;
      }
      boolean deny = random.nextInt(3) > 0;
      JsonObject body = new JsonObject().put("type", forRole ? 0 : 1)
          .put("allow", deny ? "0" : Long.toString(VIEW)).put("deny", deny ? Long.toString(VIEW) : "0");
      act(owner.username() + (deny ? " denies " : " allows ") + "view of " + channel + " to " + (forRole ? "role " : "member ") + target,
          () -> owner.put("/channels/" + channel + "/permissions/" + target, body));
    }

    void deleteOverwrite(ApiClient.Session owner, String g) {
      String channel = any(channelsOf.get(g));
      List<String> targets = new ArrayList<>(membersOf.get(g));
      targets.addAll(rolesOf.get(g));
      targets.add(g);
      String target = any(targets);
      if (channel != null) {
        act(owner.username() + " removes overwrite " + target + " on " + channel, () -> owner.delete("/channels/" + channel + "/permissions/" + target));
      }
    }

    void createRole(ApiClient.Session owner, String g) {
      ApiClient.Reply reply = act(owner.username() + " creates a role in " + g,
          () -> owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "r" + sequence).put("permissions", Long.toString(VIEW | (1L << 11)))));
      if (reply.status() == 200 || reply.status() == 201) {
        rolesOf.get(g).add(reply.json().getString("id"));
      }
    }

    void rolePermissions(ApiClient.Session owner, String g) {
      List<String> roles = new ArrayList<>(rolesOf.get(g));
      roles.add(g);
      String role = any(roles);
      // @everyone keeps sending; the bit that matters here is VIEW_CHANNEL, on or off.
      long permissions = (random.nextBoolean() ? VIEW : 0) | (1L << 11) | (1L << 16);
      act(owner.username() + " sets role " + role + " permissions " + permissions,
          () -> owner.patch("/guilds/" + g + "/roles/" + role, new JsonObject().put("permissions", Long.toString(permissions))));
    }

    void deleteRole(ApiClient.Session owner, String g) {
      String role = any(rolesOf.get(g));
      if (role != null && act(owner.username() + " deletes role " + role, () -> owner.delete("/guilds/" + g + "/roles/" + role)).status() < 300) {
        rolesOf.get(g).remove(role);
      }
    }

    void memberRoles(ApiClient.Session owner, String g) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return;
      }
      JsonArray roles = new JsonArray();
      for (String role : rolesOf.get(g)) {
        if (random.nextBoolean()) {
          roles.add(role);
        }
      }
      act(owner.username() + " gives " + target + " roles " + roles.encode(),
          () -> owner.patch("/guilds/" + g + "/members/" + target, new JsonObject().put("roles", roles)));
    }

    void joinSomeone(String g, JsonObject guild) {
      List<ApiClient.Session> outside = users.stream().filter(u -> !membersOf.get(g).contains(u.userId())).toList();
      if (outside.isEmpty()) {
        return;
      }
      ApiClient.Session user = outside.get(random.nextInt(outside.size()));
      if (guild.getBoolean("public", false) && random.nextBoolean()) {
        ApiClient.Reply reply = act(user.username() + " joins public " + g, () -> user.put("/guilds/" + g + "/members/@me", null));
        if (reply.status() == 200) {
          membersOf.get(g).add(user.userId());
        }
      } else {
        joinByInvite(user, guild);
      }
    }

    void joinByInvite(ApiClient.Session user, JsonObject guild) {
      String g = guild.getString("id");
      ApiClient.Session owner = session(ownerOf.get(g));
      String code = ok(owner.post("/guilds/" + g + "/invites", new JsonObject()), "invite").json().getString("code");
      ApiClient.Reply reply = act(user.username() + " accepts an invite to " + g, () -> user.post("/invites/" + code, null));
      if (reply.status() == 200) {
        membersOf.get(g).add(user.userId());
      }
    }

    void leave(String g) {
      ApiClient.Session user = member(g);
      if (user != null && !user.userId().equals(ownerOf.get(g))
          && act(user.username() + " leaves " + g, () -> user.delete("/users/@me/guilds/" + g)).status() < 300) {
        membersOf.get(g).remove(user.userId());
      }
    }

    void kickOrBan(ApiClient.Session owner, String g, boolean ban) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return;
      }
      ApiClient.Reply reply = ban
          ? act(owner.username() + " bans " + target + " from " + g, () -> owner.put("/guilds/" + g + "/bans/" + target, new JsonObject()))
          : act(owner.username() + " kicks " + target + " from " + g, () -> owner.delete("/guilds/" + g + "/members/" + target));
      if (reply.status() < 300) {
        membersOf.get(g).remove(target);
        if (ban) {
          bannedOf.get(g).add(target);
        }
      }
    }

    void unban(ApiClient.Session owner, String g) {
      String target = any(new ArrayList<>(bannedOf.get(g)));
      if (target != null && act(owner.username() + " unbans " + target, () -> owner.delete("/guilds/" + g + "/bans/" + target)).status() < 300) {
        bannedOf.get(g).remove(target);
      }
    }

    void timeout(ApiClient.Session owner, String g) {
      String target = any(new ArrayList<>(membersOf.get(g)));
      if (target == null || target.equals(ownerOf.get(g))) {
        return;
      }
      JsonObject body = new JsonObject();
      if (random.nextBoolean()) {
        body.put("communication_disabled_until", java.time.Instant.now().plusSeconds(600).toString());
      } else {
        body.putNull("communication_disabled_until");
      }
      act(owner.username() + " times out " + target + " " + body.encode(), () -> owner.patch("/guilds/" + g + "/members/" + target, body));
    }

    void typing(String g) {
      ApiClient.Session user = member(g);
      String channel = any(channelsOf.get(g));
      if (user != null && channel != null) {
        act(user.username() + " types in " + channel, () -> user.post("/channels/" + channel + "/typing", null));
      }
    }

    void transferOwnership(ApiClient.Session owner, String g) {
      String next = any(new ArrayList<>(membersOf.get(g)));
      if (next != null && !next.equals(owner.userId())
          && act(owner.username() + " gives " + g + " to " + next, () -> owner.patch("/guilds/" + g, new JsonObject().put("owner_id", next))).status() == 200) {
        ownerOf.put(g, next);
      }
    }

    // ---- the checks

    /**
     * Waits until every stream has received everything committed so far: each user creates a guild of
     * their own, whose GUILD_CREATE reaches them alone and comes after every earlier event (one node
     * delivers in order), and waits for it. Nobody else hears of these, so nothing is left on its way.
     * Returns each user's horizon: the id of that GUILD_CREATE.
     */
    Map<String, Long> quiesce() {
      Map<String, Long> horizons = new HashMap<>();
      for (ApiClient.Session user : users) {
        String name = "calm" + (++sequence);
        String id = ok(user.post("/guilds", new JsonObject().put("name", name)), "calm guild").json().getString("id");
        SseClient.Event own = live.get(user.userId())
            .next(e -> e.type().equals("GUILD_CREATE") && id.equals(e.data().getString("id")), "own guild " + name);
        horizons.put(user.userId(), Long.parseLong(own.id()));
      }
      return horizons;
    }

    /** The permissions verticle followed every change: its memory equals a fresh load from the database. */
    void checkMemory() {
      JsonObject check = app.permissionsSelfCheck();
      if (!check.getBoolean("equal")) {
        fail("the permissions verticle's memory differs from the database:\n"
            + SnapshotModel.difference(check.getJsonObject("database"), check.getJsonObject("memory")));
      }
    }

    /** Zulip's check: the mid-sequence snapshot plus the live events after it equals a fresh snapshot. */
    void checkSnapshots(Map<String, Integer> seenAtMid, Map<String, JsonObject> midSnapshots) {
      for (ApiClient.Session user : users) {
        JsonObject old = midSnapshots.get(user.userId());
        long cursor = Long.parseLong(old.getString("cursor"));
        SnapshotModel model = SnapshotModel.of(old);
        List<SseClient.Event> seen = live.get(user.userId()).seen();
        // Everything the stream had by then is in the snapshot; of what came after, the renames that
        // were still on their way when it was read are in it too (ids up to its cursor).
        for (SseClient.Event event : seen.subList(seenAtMid.get(user.userId()), seen.size())) {
          if (event.id() == null || Long.parseLong(event.id()) > cursor) {
            model.apply(event.type(), event.data());
          }
        }
        JsonObject fresh = SnapshotModel.of(ok(user.get("/snapshot"), "fresh snapshot").json()).canonical();
        if (!fresh.equals(model.canonical())) {
          StringBuilder events = new StringBuilder();
          for (SseClient.Event event : seen.subList(seenAtMid.get(user.userId()), seen.size())) {
            if (event.type().startsWith("CHANNEL") || event.type().startsWith("GUILD_UPDATE") || event.type().startsWith("GUILD_ROLE")
                || event.type().equals("GUILD_MEMBER_UPDATE") && event.data().getJsonArray("roles", new JsonArray()).size() > 0) {
              events.append("\n    ").append(event.type()).append(' ').append(event.id()).append(' ').append(event.data().encode());
            }
          }
          log.add("events " + user.username() + " received after the old snapshot (" + cursor + "):" + events);
          fail("old snapshot + events differs from a fresh snapshot, for " + user.username() + ":\n"
              + SnapshotModel.difference(fresh, model.canonical()));
        }
      }
    }

    void checkReplays(Map<String, Long> horizons) {
      List<Long> ids = new ArrayList<>();
      for (SseClient stream : live.values()) {
        for (SseClient.Event e : stream.seen()) {
          if (e.id() != null) {
            ids.add(Long.parseLong(e.id()));
          }
        }
      }
      ids.sort(Long::compare);
      int compared = 0;
      int resynced = 0;
      for (ApiClient.Session user : users) {
        List<Long> cursors = new ArrayList<>(List.of(0L, ids.get(0) - 1));
        for (int i = 0; i < 5; i++) {
          long id = ids.get(random.nextInt(ids.size()));
          cursors.add(random.nextBoolean() ? id : id + 1);
        }
        // Just before each time the user joined a guild: what that guild said before is not theirs.
        for (SseClient.Event e : live.get(user.userId()).seen()) {
          if (e.type().equals("GUILD_CREATE") && e.id() != null) {
            int at = java.util.Collections.binarySearch(ids, Long.parseLong(e.id()));
            cursors.add(ids.get(Math.max(0, at - 1 - random.nextInt(4))));
          }
        }
        // Late cursors, past the last reshaping change.
        cursors.add(ids.get(ids.size() - 1 - random.nextInt(Math.min(40, ids.size()))));
        cursors.add(ids.get(ids.size() - 1 - random.nextInt(Math.min(15, ids.size()))));
        for (long cursor : cursors) {
          if (replay(user, cursor, horizons.get(user.userId()))) {
            compared++;
          } else {
            resynced++;
          }
        }
      }
      log.add("replays compared: " + compared + ", RESYNC: " + resynced);
      System.out.println("AudienceModelTest seed " + seed + ": " + compared + " replays compared with live, " + resynced + " RESYNC");
      assertTrue(compared >= users.size(), "RESYNC must not be the answer to everything: " + compared + " compared, " + resynced + " RESYNC");
    }

    /**
     * One replay, compared with what the user got live up to their horizon (everything after it may
     * still be on its way to the live stream). False when the server answered RESYNC.
     */
    boolean replay(ApiClient.Session user, long cursor, long horizon) {
      List<SseClient.Event> got = new ArrayList<>();
      int replayed = 0;
      try (SseClient stream = user.stream(Long.toString(cursor))) {
        while (true) {
          SseClient.Event event = stream.next(e -> e.id() != null || e.type().equals("RESUMED") || e.type().equals("RESYNC"), "the replay's end");
          if (event.type().equals("RESYNC")) {
            return false;
          }
          if (event.type().equals("RESUMED")) {
            assertEquals(replayed, event.data().getInteger("replayed"), "RESUMED counts what was replayed");
            break;
          }
          replayed++;
          if (Long.parseLong(event.id()) <= horizon) {
            got.add(event);
          }
        }
      }
      List<SseClient.Event> expected = new ArrayList<>();
      for (SseClient.Event e : live.get(user.userId()).seen()) {
        if (e.id() != null && Long.parseLong(e.id()) > cursor && Long.parseLong(e.id()) <= horizon && !redacted(e)) {
          expected.add(e);
        }
      }
      String what = user.username() + " from cursor " + cursor;
      if (!ids(got).equals(ids(expected))) {
        List<String> extra = new ArrayList<>(ids(got));
        extra.removeAll(ids(expected));
        List<String> missing = new ArrayList<>(ids(expected));
        missing.removeAll(ids(got));
        fail("replay for " + what + " differs from live: extra (leaked) " + extra + ", missing (lost) " + missing);
      }
      for (int i = 0; i < got.size(); i++) {
        checkPayload(what, expected.get(i), got.get(i));
      }
      return true;
    }

    /** The log keeps no deleted message's events but its MESSAGE_DELETE, and nothing of a deleted channel. */
    boolean redacted(SseClient.Event e) {
      JsonObject data = e.data();
      if (e.type().startsWith("MESSAGE_") && !e.type().equals("MESSAGE_DELETE")) {
        String message = e.type().startsWith("MESSAGE_REACTION") ? data.getString("message_id") : data.getString("id");
        return deletedMessages.contains(message) || deletedChannels.contains(data.getString("channel_id"));
      }
      return false;
    }

    void checkPayload(String what, SseClient.Event live, SseClient.Event replayed) {
      if (!replayed.type().equals("MESSAGE_CREATE") && !replayed.type().equals("MESSAGE_UPDATE")) {
        assertEquals(live.data(), replayed.data(), "the payload of " + replayed.type() + " " + replayed.id() + " for " + what);
        return;
      }
      JsonObject message = replayed.data();
      String text = messages.get(message.getString("id")).getString("content");
      assertEquals(text, message.getString("content"), "a replayed message carries its text as it is now (" + what + ")");
      JsonObject quoted = message.getJsonObject("referenced_message");
      String quotedId = message.getJsonObject("message_reference") == null ? null
          : message.getJsonObject("message_reference").getString("message_id");
      if (quotedId != null && deletedMessages.contains(quotedId)) {
        assertEquals(null, quoted, "a reply to a deleted message quotes nothing on replay (" + what + ")");
      } else if (quoted != null) {
        assertEquals(messages.get(quotedId).getString("content"), quoted.getString("content"), "a reply quotes the text as it is now (" + what + ")");
      }
    }

    // ---- helpers

    ApiClient.Reply act(String description, Supplier<ApiClient.Reply> request) {
      ApiClient.Reply reply = request.get();
      log.add(description + " -> " + reply.status());
      if (reply.status() >= 500) {
        fail(description + " answered " + reply);
      }
      return reply;
    }

    ApiClient.Reply ok(ApiClient.Reply reply, String what) {
      if (reply.status() >= 300) {
        fail(what + ": " + reply);
      }
      return reply;
    }

    ApiClient.Session session(String userId) {
      return users.stream().filter(u -> u.userId().equals(userId)).findFirst().orElseThrow();
    }

    ApiClient.Session member(String g) {
      String id = any(new ArrayList<>(membersOf.get(g)));
      return id == null ? null : session(id);
    }

    String anyMessageIn(String channel) {
      List<String> in = messages.entrySet().stream().filter(m -> m.getValue().getString("channel").equals(channel)).map(Map.Entry::getKey).toList();
      return any(in);
    }

    <T> T any(List<T> list) {
      return list == null || list.isEmpty() ? null : list.get(random.nextInt(list.size()));
    }

    List<String> ids(List<SseClient.Event> events) {
      return events.stream().map(e -> e.id() + " " + e.type()).toList();
    }
  }
}
