package guildhall.unit;

import guildhall.Addresses;
import guildhall.permissions.Action;
import guildhall.permissions.PermissionsVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static guildhall.permissions.Permissions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The action table, row by row, through the permissions verticle itself (on a bus of its own; the "store"
 * is this test, answering the start-up load with one guild). The guild, narrated:
 *
 * <pre>
 *   guild 100, owned by 1
 *   roles    @everyone (100, Discord's defaults, position 0)
 *            helpers (201, nothing, position 1)
 *            mods    (200, MANAGE_ROLES MANAGE_MESSAGES KICK_MEMBERS MODERATE_MEMBERS MANAGE_CHANNELS, position 2)
 *            seniors (202, nothing, position 3)
 *            admins  (203, ADMINISTRATOR, position 4)
 *   members  1 owner · 2 mod · 3 helper · 4 plain · 5 senior · 6 plain, timed out · 7 admin, timed out
 *   channels 300 #general (no overwrites) · 301 #secret (@everyone denied VIEW_CHANNEL)
 *   private  400 DM plain–helper · 401 group DM owned by mod, with plain · 402 DM senior–stranger; senior blocks stranger
 *   threads  310 in #general, plain's · 311 in #general, plain's, locked · 312 in #secret, the owner's
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionTableTest {
  static final long GUILD = 100;
  static final long OWNER = 1, MOD = 2, HELPER = 3, PLAIN = 4, SENIOR = 5, MUTED = 6, ADMIN = 7, STRANGER = 99;
  static final long MODS = 200, HELPERS = 201, SENIORS = 202, ADMINS = 203;
  static final long GENERAL = 300, SECRET = 301;
  static final long DM = 400, GROUP = 401, BLOCKED_DM = 402;
  static final long THREAD = 310, LOCKED = 311, HIDDEN_THREAD = 312;
  static final long MOD_BITS = MANAGE_ROLES | MANAGE_MESSAGES | KICK_MEMBERS | MODERATE_MEMBERS | MANAGE_CHANNELS;

  private Vertx vertx;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    String later = Instant.now().plusSeconds(3600).toString();
    JsonObject guild = new JsonObject().put("id", s(GUILD)).put("owner_id", s(OWNER))
        .put("roles", new JsonArray()
            .add(role(GUILD, DEFAULT_EVERYONE, 0)).add(role(HELPERS, 0, 1)).add(role(MODS, MOD_BITS, 2))
            .add(role(SENIORS, 0, 3)).add(role(ADMINS, ADMINISTRATOR, 4)))
        .put("members", new JsonArray()
            .add(member(OWNER, null)).add(member(MOD, null, MODS)).add(member(HELPER, null, HELPERS)).add(member(PLAIN, null))
            .add(member(SENIOR, null, SENIORS)).add(member(MUTED, later)).add(member(ADMIN, later, ADMINS)))
        .put("channels", new JsonArray()
            .add(new JsonObject().put("id", s(GENERAL)).put("type", 0).put("permission_overwrites", new JsonArray()))
            .add(new JsonObject().put("id", s(SECRET)).put("type", 0).put("permission_overwrites", new JsonArray()
                .add(new JsonObject().put("id", s(GUILD)).put("type", 0).put("allow", "0").put("deny", s(VIEW_CHANNEL))))))
        .put("threads", new JsonArray().add(thread(THREAD, GENERAL, PLAIN, false)).add(thread(LOCKED, GENERAL, PLAIN, true))
            .add(thread(HIDDEN_THREAD, SECRET, OWNER, false)));
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_PERMISSION_STATE,
        msg -> msg.reply(new JsonObject().put("guilds", new JsonArray().add(guild)).putNull("cursor")
            .put("private_channels", new JsonArray()
                .add(privateChannel(DM, 1, null, PLAIN, HELPER))
                .add(privateChannel(GROUP, 3, MOD, MOD, PLAIN))
                .add(privateChannel(BLOCKED_DM, 1, null, SENIOR, STRANGER)))
            .put("relationships", new JsonArray().add(new JsonObject().put("user_id", s(SENIOR)).put("target_id", s(STRANGER)).put("type", 2)))));
    vertx.deployVerticle(new PermissionsVerticle()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String s(long n) {
    return Long.toString(n);
  }

  private static JsonObject privateChannel(long id, int type, Long owner, long... recipients) {
    JsonArray users = new JsonArray();
    for (long r : recipients) {
      users.add(new JsonObject().put("id", s(r)));
    }
    return new JsonObject().put("id", s(id)).put("type", type).put("owner_id", owner == null ? null : s(owner)).put("recipients", users);
  }

  private static JsonObject between(long user, String action, long... targets) {
    JsonArray ids = new JsonArray();
    for (long t : targets) {
      ids.add(s(t));
    }
    return new JsonObject().put("user_id", user).put("action", action).put("target_user_ids", ids);
  }

  private static JsonObject role(long id, long permissions, int position) {
    return new JsonObject().put("id", s(id)).put("permissions", s(permissions)).put("position", position);
  }

  private static JsonObject thread(long id, long parent, long owner, boolean locked) {
    return new JsonObject().put("id", s(id)).put("type", 11).put("parent_id", s(parent)).put("owner_id", s(owner))
        .put("thread_metadata", new JsonObject().put("archived", false).put("locked", locked));
  }

  private static JsonObject member(long userId, String timedOutUntil, long... roles) {
    JsonArray roleIds = new JsonArray();
    for (long r : roles) {
      roleIds.add(s(r));
    }
    return new JsonObject().put("user", new JsonObject().put("id", s(userId))).put("roles", roleIds)
        .put("communication_disabled_until", timedOutUntil);
  }

  /** The status the verticle answers: 200, or the failure's code. */
  private int ask(JsonObject request) throws Exception {
    try {
      vertx.eventBus().request(Addresses.PERMISSIONS_CHECK, request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return 200;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) {
        return r.failureCode();
      }
      throw e;
    }
  }

  private static JsonObject inGuild(long user, String action) {
    return new JsonObject().put("user_id", user).put("guild_id", GUILD).put("action", action);
  }

  private static JsonObject inChannel(long user, long channel, String action) {
    return new JsonObject().put("user_id", user).put("channel_id", channel).put("action", action);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // guild.*: membership first, then the owner column, then bits
        Arguments.of("guild.view: any member may", inGuild(PLAIN, "guild.view"), 200),
        Arguments.of("guild.view: a stranger is told the guild does not exist", inGuild(STRANGER, "guild.view"), 404),
        Arguments.of("guild.update: needs MANAGE_GUILD, which a plain member lacks", inGuild(PLAIN, "guild.update"), 403),
        Arguments.of("guild.update: the owner has every bit", inGuild(OWNER, "guild.update"), 200),
        Arguments.of("guild.transfer: owner only, so not even an administrator", inGuild(ADMIN, "guild.transfer"), 403),
        Arguments.of("guild.transfer: the owner may", inGuild(OWNER, "guild.transfer"), 200),
        Arguments.of("guild.delete: owner only", inGuild(MOD, "guild.delete"), 403),
        // channels: a hidden channel is 404 before any bit is looked at
        Arguments.of("channel.view: #secret is hidden from a plain member, 404", inChannel(PLAIN, SECRET, "channel.view"), 404),
        Arguments.of("message.read: a hidden channel is 404 before bits", inChannel(PLAIN, SECRET, "message.read"), 404),
        Arguments.of("channel.view: an administrator skips overwrites", inChannel(ADMIN, SECRET, "channel.view"), 200),
        Arguments.of("channel.update: needs MANAGE_CHANNELS, which mods hold", inChannel(MOD, GENERAL, "channel.update"), 200),
        Arguments.of("channel.update: a helper lacks it", inChannel(HELPER, GENERAL, "channel.update"), 403),
        Arguments.of("message.send: a timed-out member keeps no SEND_MESSAGES", inChannel(MUTED, GENERAL, "message.send"), 403),
        Arguments.of("message.read: a timed-out member still reads", inChannel(MUTED, GENERAL, "message.read"), 200),
        // messages and their authors
        Arguments.of("message.edit: the author may", inChannel(PLAIN, GENERAL, "message.edit").put("author_id", s(PLAIN)), 200),
        Arguments.of("message.edit: author only, even for a mod with MANAGE_MESSAGES",
            inChannel(MOD, GENERAL, "message.edit").put("author_id", s(PLAIN)), 403),
        Arguments.of("message.edit: a timed-out author may not (rule 4b)", inChannel(MUTED, GENERAL, "message.edit").put("author_id", s(MUTED)), 403),
        Arguments.of("message.edit: a timed-out administrator is exempt, as from the timeout itself",
            inChannel(ADMIN, GENERAL, "message.edit").put("author_id", s(ADMIN)), 200),
        Arguments.of("message.delete: MANAGE_MESSAGES deletes anyone's", inChannel(MOD, GENERAL, "message.delete").put("author_id", s(PLAIN)), 200),
        Arguments.of("message.delete: without it, only one's own", inChannel(HELPER, GENERAL, "message.delete").put("author_id", s(PLAIN)), 403),
        Arguments.of("message.delete: a timed-out author may still delete their own",
            inChannel(MUTED, GENERAL, "message.delete").put("author_id", s(MUTED)), 200),
        Arguments.of("reaction.add: timed out, no ADD_REACTIONS", inChannel(MUTED, GENERAL, "reaction.add"), 403),
        Arguments.of("reaction.remove: VIEW_CHANNEL is enough", inChannel(MUTED, GENERAL, "reaction.remove"), 200),
        // members: the target must be below the actor, and never the owner
        Arguments.of("member.kick: a mod kicks a helper (1 < 2)", inGuild(MOD, "member.kick").put("target_user_id", s(HELPER)), 200),
        Arguments.of("member.kick: not a senior (3 >= 2)", inGuild(MOD, "member.kick").put("target_user_id", s(SENIOR)), 403),
        Arguments.of("member.kick: nobody acts on the owner, not even an administrator", inGuild(ADMIN, "member.kick").put("target_user_id", s(OWNER)), 403),
        Arguments.of("member.kick: the owner may kick anyone", inGuild(OWNER, "member.kick").put("target_user_id", s(ADMIN)), 200),
        Arguments.of("member.roles: a mod may not hand out seniors (above mods)",
            inGuild(MOD, "member.roles").put("target_user_id", s(HELPER)).put("roles_of", s(HELPER))
                .put("member_roles", new JsonArray().add(s(HELPERS)).add(s(SENIORS))), 403),
        Arguments.of("member.roles: a mod may take away helpers (below mods)",
            inGuild(MOD, "member.roles").put("target_user_id", s(HELPER)).put("roles_of", s(HELPER)).put("member_roles", new JsonArray()), 200),
        Arguments.of("member.roles: changing one's own roles is bounded by the roles, not by oneself as target",
            inGuild(MOD, "member.roles").put("target_user_id", s(MOD)).put("roles_of", s(MOD))
                .put("member_roles", new JsonArray().add(s(MODS)).add(s(HELPERS))), 200),
        Arguments.of("member.nick + member.timeout: all must pass, and mods lack MANAGE_GUILD",
            new JsonObject().put("user_id", MOD).put("guild_id", GUILD).put("actions", new JsonArray().add("member.timeout").add("member.nick"))
                .put("target_user_id", s(HELPER)), 403),
        Arguments.of("member.own_nick: anyone may rename themselves", inGuild(PLAIN, "member.own_nick").put("target_user_id", s(PLAIN)), 200),
        // roles: touched roles and positions below, granted bits held
        Arguments.of("role.update: a role below, granting a bit held", inGuild(MOD, "role.update")
            .put("role_ids", new JsonArray().add(s(HELPERS))).put("grant", s(MANAGE_MESSAGES)), 200),
        Arguments.of("role.update: not one's own role (2 >= 2)", inGuild(MOD, "role.update").put("role_ids", new JsonArray().add(s(MODS))), 403),
        Arguments.of("role.create: may not grant a bit not held", inGuild(MOD, "role.create").put("grant", s(BAN_MEMBERS)), 403),
        Arguments.of("role.reorder: may not move a role up to one's own position",
            inGuild(MOD, "role.reorder").put("role_ids", new JsonArray().add(s(HELPERS))).put("positions", new JsonArray().add(2)), 403),
        Arguments.of("role.reorder: below it is fine",
            inGuild(MOD, "role.reorder").put("role_ids", new JsonArray().add(s(HELPERS))).put("positions", new JsonArray().add(1)), 200),
        // overwrites (rule 4a): the target must be below the actor; @everyone's is anyone's with MANAGE_ROLES
        Arguments.of("overwrite.put: @everyone's overwrite, with MANAGE_ROLES in the channel",
            inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(GUILD)).put("target_type", 0).put("grant", s(SEND_MESSAGES)), 200),
        Arguments.of("overwrite.put: on a role below", inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(HELPERS)).put("target_type", 0), 200),
        Arguments.of("overwrite.put: not on one's own role", inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(MODS)).put("target_type", 0), 403),
        Arguments.of("overwrite.put: not on a role above", inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(SENIORS)).put("target_type", 0), 403),
        Arguments.of("overwrite.put: on a member below", inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(PLAIN)).put("target_type", 1), 200),
        Arguments.of("overwrite.put: not on a member above", inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(SENIOR)).put("target_type", 1), 403),
        Arguments.of("overwrite.put: bits not held cannot be granted",
            inChannel(MOD, GENERAL, "overwrite.put").put("target_id", s(HELPERS)).put("target_type", 0).put("grant", s(BAN_MEMBERS)), 403),
        Arguments.of("overwrite.put: the owner is exempt", inChannel(OWNER, GENERAL, "overwrite.put").put("target_id", s(ADMINS)).put("target_type", 0), 200),
        Arguments.of("overwrite.delete: no type given, the id is a role above", inChannel(MOD, GENERAL, "overwrite.delete").put("target_id", s(SENIORS)), 403),
        Arguments.of("overwrite.delete: no type given, the id is a member above", inChannel(MOD, GENERAL, "overwrite.delete").put("target_id", s(SENIOR)), 403),
        Arguments.of("overwrite.delete: a helper's, below", inChannel(MOD, GENERAL, "overwrite.delete").put("target_id", s(HELPERS)), 200),
        Arguments.of("overwrite.delete: without MANAGE_ROLES, no", inChannel(HELPER, GENERAL, "overwrite.delete").put("target_id", s(GUILD)), 403),
        // DMs and group DMs: recipients read, write and react; nobody else sees the channel; blocks silence 1:1 DMs
        Arguments.of("message.send in a DM: a recipient, yes", inChannel(PLAIN, DM, "message.send"), 200),
        Arguments.of("message.send in a DM: anyone else, not there (even the guild's owner)", inChannel(OWNER, DM, "message.send"), 404),
        Arguments.of("reaction.add in a group DM: a recipient, yes", inChannel(PLAIN, GROUP, "reaction.add"), 200),
        Arguments.of("message.delete in a DM: one's own, yes", inChannel(PLAIN, DM, "message.delete").put("author_id", s(PLAIN)), 200),
        Arguments.of("message.delete in a DM: another's, no (nobody manages messages there)", inChannel(PLAIN, DM, "message.delete").put("author_id", s(HELPER)), 403),
        Arguments.of("channel.update in a DM: no", inChannel(PLAIN, DM, "channel.update"), 403),
        Arguments.of("message.send in a DM: the blocked, no", inChannel(STRANGER, BLOCKED_DM, "message.send"), 403),
        Arguments.of("message.send in a DM: the blocker, no, until they unblock", inChannel(SENIOR, BLOCKED_DM, "message.send"), 403),
        Arguments.of("typing.start in a DM: the blocked, no", inChannel(STRANGER, BLOCKED_DM, "typing.start"), 403),
        Arguments.of("message.read in a DM with a block: the history stays", inChannel(STRANGER, BLOCKED_DM, "message.read"), 200),
        Arguments.of("message.send in a guild channel: a block there silences nobody", inChannel(SENIOR, GENERAL, "message.send"), 200),
        Arguments.of("recipient.add: the group's owner, yes", inChannel(MOD, GROUP, "recipient.add").put("target_user_id", s(OWNER)), 200),
        Arguments.of("recipient.add: another recipient, no", inChannel(PLAIN, GROUP, "recipient.add").put("target_user_id", s(OWNER)), 403),
        Arguments.of("recipient.add: in a 1:1 DM, a 400", inChannel(PLAIN, DM, "recipient.add").put("target_user_id", s(OWNER)), 400),
        Arguments.of("recipient.add: in a guild channel, a 400", inChannel(OWNER, GENERAL, "recipient.add").put("target_user_id", s(PLAIN)), 400),
        Arguments.of("recipient.add: in a guild channel one cannot see, 404", inChannel(PLAIN, SECRET, "recipient.add").put("target_user_id", s(HELPER)), 404),
        Arguments.of("recipient.remove: leaving, anyone", inChannel(PLAIN, GROUP, "recipient.remove").put("target_user_id", s(PLAIN)), 200),
        Arguments.of("recipient.remove: someone else, not the owner, no", inChannel(PLAIN, GROUP, "recipient.remove").put("target_user_id", s(MOD)), 403),
        Arguments.of("recipient.remove: someone else, the owner, yes", inChannel(MOD, GROUP, "recipient.remove").put("target_user_id", s(PLAIN)), 200),
        Arguments.of("recipient.remove: not in the group, 404", inChannel(HELPER, GROUP, "recipient.remove").put("target_user_id", s(HELPER)), 404),
        Arguments.of("dm.open: someone one shares a guild with, yes", between(PLAIN, "dm.open", SENIOR, MOD), 200),
        Arguments.of("dm.open: a stranger (no guild, no DM), no", between(PLAIN, "dm.open", STRANGER), 403),
        Arguments.of("dm.open: someone one already has a DM with, yes", between(SENIOR, "dm.open", STRANGER), 200),
        Arguments.of("dm.open: someone who blocks you, no, DM or not", between(STRANGER, "dm.open", SENIOR), 403),
        // threads take their parent's permissions, and decide the thread rows of the table
        Arguments.of("thread: in a hidden channel, a hidden thread (404)", inChannel(PLAIN, HIDDEN_THREAD, "channel.view"), 404),
        Arguments.of("thread: an administrator sees it", inChannel(ADMIN, HIDDEN_THREAD, "channel.view"), 200),
        Arguments.of("message.send in a thread is thread.send: SEND_MESSAGES_IN_THREADS", inChannel(PLAIN, THREAD, "message.send"), 200),
        Arguments.of("message.send in a thread: a timed-out member may not", inChannel(MUTED, THREAD, "message.send"), 403),
        Arguments.of("message.send in a locked thread: not without MANAGE_THREADS", inChannel(PLAIN, LOCKED, "message.send"), 403),
        Arguments.of("message.send in a locked thread: the owner holds MANAGE_THREADS", inChannel(OWNER, LOCKED, "message.send"), 200),
        Arguments.of("channel.update of a thread is thread.update: its owner may", inChannel(PLAIN, THREAD, "channel.update"), 200),
        Arguments.of("channel.update of a thread: MANAGE_CHANNELS is not MANAGE_THREADS", inChannel(MOD, THREAD, "channel.update"), 403),
        Arguments.of("channel.update of a thread: another member may not", inChannel(HELPER, THREAD, "channel.update"), 403),
        Arguments.of("channel.update of a thread: locking needs MANAGE_THREADS, even its owner's",
            inChannel(PLAIN, THREAD, "channel.update").put("sets_lock", true), 403),
        Arguments.of("channel.update of a thread: the guild's owner may lock", inChannel(OWNER, THREAD, "channel.update").put("sets_lock", true), 200),
        Arguments.of("channel.update of a locked thread: not even its owner", inChannel(PLAIN, LOCKED, "channel.update"), 403),
        Arguments.of("channel.delete of a thread is thread.delete: its owner may", inChannel(PLAIN, THREAD, "channel.delete"), 200),
        Arguments.of("thread.create: CREATE_PUBLIC_THREADS in the channel", inChannel(PLAIN, GENERAL, "thread.create"), 200),
        Arguments.of("thread.create: a timed-out member may not", inChannel(MUTED, GENERAL, "thread.create"), 403));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void row(String narration, JsonObject request, int expected) throws Exception {
    assertEquals(expected, ask(request), narration);
  }

  @Test
  @DisplayName("The reply is what routes used before: guild, channel and its type, permissions, owner")
  void replyShape() throws Exception {
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_CHECK, inChannel(MOD, GENERAL, "message.send"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertEquals(s(GUILD), reply.getString("guild_id"));
    assertEquals(s(GENERAL), reply.getString("channel_id"));
    assertEquals(0, reply.getInteger("channel_type"));
    assertEquals(s(DEFAULT_EVERYONE | MOD_BITS), reply.getString("permissions"));
    assertEquals(false, reply.getBoolean("owner"));
  }

  @Test
  @DisplayName("The table: the rows the routes name, dotted lowercase and unique, with their bits and rules")
  void table() {
    Set<String> ids = new HashSet<>();
    for (Action action : Action.values()) {
      assertTrue(action.id.matches("[a-z]+\\.[a-z_]+"), action.id);
      assertTrue(ids.add(action.id), "duplicate " + action.id);
    }
    for (String id : List.of("guild.view", "guild.update", "guild.delete", "guild.transfer", "invite.create", "channel.create",
        "channel.update", "channel.delete", "overwrite.put", "overwrite.delete", "message.read", "message.send", "message.edit",
        "message.delete", "reaction.add", "reaction.remove", "typing.start", "member.list", "member.roles", "member.nick",
        "member.timeout", "member.kick", "ban.list", "ban.put", "ban.delete", "role.list", "role.create", "role.update",
        "role.reorder", "role.delete", "thread.create", "thread.list", "thread.send", "thread.typing", "thread.join", "thread.leave",
        "thread.update", "thread.delete", "report.create", "report.list", "report.update")) {
      assertTrue(ids.contains(id), "missing " + id);
    }
    assertEquals(MANAGE_ROLES, Action.OVERWRITE_PUT.bits);
    assertEquals(Set.of(Action.Rule.GRANT_HELD, Action.Rule.OVERWRITE_TARGET_BELOW), Action.OVERWRITE_PUT.rules);
    assertEquals(Set.of(Action.Rule.AUTHOR_ONLY, Action.Rule.NOT_TIMED_OUT), Action.MESSAGE_EDIT.rules);
    assertEquals(Set.of(Action.Rule.AUTHOR_OR_MANAGE_MESSAGES), Action.MESSAGE_DELETE.rules);
    assertEquals(Action.Who.OWNER, Action.GUILD_TRANSFER.who);
    assertEquals(Action.Scope.CHANNEL, Action.TYPING_START.scope);
    assertEquals(SEND_MESSAGES, Action.TYPING_START.bits);
    assertEquals(VIEW_CHANNEL | READ_MESSAGE_HISTORY, Action.REPORT_CREATE.bits);
    assertEquals(MANAGE_MESSAGES, Action.REPORT_LIST.bits);
    assertEquals(MANAGE_MESSAGES, Action.REPORT_UPDATE.bits);
  }
}
