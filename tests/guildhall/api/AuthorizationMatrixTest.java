package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the contract × every kind of caller → the status they get. Each cell runs on a
 * fresh guild, so that destructive operations do not disturb the next. An operation added to
 * openapi.yaml without a row here fails the test.
 */
class AuthorizationMatrixTest extends AsyncApiTestBase {
  /** Column order of the expectation strings below. */
  enum Actor { NON_MEMBER, BANNED, MEMBER, GRANTED, TIMED_OUT, ADMIN, OWNER }

  /** Everything but ADMINISTRATOR: the "member with the bit" for every bit. */
  static final long GRANTED_BITS = Permissions.ALL & ~Permissions.ADMINISTRATOR;

  /** The actors who join every fixture's guild by its invite (the owner made it; the non-member stays out). */
  private static final List<Actor> JOINERS = List.of(Actor.BANNED, Actor.MEMBER, Actor.GRANTED, Actor.TIMED_OUT, Actor.ADMIN);

  /** One guild set up for one cell. */
  record Fixture(String guild, String channel, String extraChannel, String ownerMessage, String lowRole,
                 String target, String banned, String invite, String groupDm, String thread, String report) {}

  /** {@code destructive}: the call changes the guild in a way the next cell would notice, so each cell gets a fresh one. */
  record Row(String operation, String expected, boolean destructive, BiFunction<Fixture, Api.Session, Future<Integer>> call) {
    Row(String operation, String expected, BiFunction<Fixture, Api.Session, Future<Integer>> call) {
      this(operation, expected, false, call);
    }
  }

  private final Map<Actor, String> names = new LinkedHashMap<>();
  private final Map<Actor, String> ids = new LinkedHashMap<>();
  private Api.Session owner;

  /** One user per actor, made once for the class (each cell logs its actor in afresh, as logout ends a session). */
  @BeforeAll
  void actors(VertxTestContext ctx) {
    for (Actor actor : Actor.values()) {
      names.put(actor, unique(actor.name().toLowerCase()));
    }
    inTurn(Actor.values().length, i -> api.login(names.get(Actor.values()[i])))
        .compose(sessions -> {
          for (Actor actor : Actor.values()) {
            ids.put(actor, sessions.get(actor.ordinal()).userId());
          }
          return api.login(names.get(Actor.OWNER));
        })
        .onComplete(ctx.succeeding(session -> {
          owner = session;
          ctx.completeNow();
        }));
  }

  private String idOf(Actor actor) {
    return ids.get(actor);
  }

  private static Row fresh(String operation, String expected, BiFunction<Fixture, Api.Session, Future<Integer>> call) {
    return new Row(operation, expected, true, call);
  }

  private static Future<String> idOf(Future<Api.Reply> created) {
    return created.map(reply -> reply.json().getString("id"));
  }

  /** A fresh guild with every actor in place, built request by request (never two at once), as the blocking version did. */
  private Future<Fixture> fixture() {
    return owner.post("/guilds", new JsonObject().put("name", "matrix").put("public", true)).map(Api.Reply::json).compose(guild -> {
      String g = guild.getString("id");
      String channel = general(guild);
      return owner.post("/guilds/" + g + "/invites", new JsonObject()).map(reply -> reply.json().getString("code"))
          .compose(invite -> api.login(unique("target")).compose(target ->
              inTurn(JOINERS.size(), i -> api.login(names.get(JOINERS.get(i))).compose(s -> s.post("/invites/" + invite, null)))
                  .compose(v -> target.post("/invites/" + invite, null))
                  .compose(v -> idOf(owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "low"))))
                  .compose(low -> idOf(owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "granted")
                          .put("permissions", Long.toString(GRANTED_BITS))))
                      .compose(granted -> idOf(owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "admin")
                              .put("permissions", Long.toString(Permissions.ADMINISTRATOR))))
                          .compose(admin -> inTurn(
                              () -> owner.patch("/guilds/" + g + "/roles", new JsonArray()
                                  .add(new JsonObject().put("id", granted).put("position", 5)).add(new JsonObject().put("id", admin).put("position", 6))),
                              () -> owner.patch("/guilds/" + g + "/members/" + idOf(Actor.GRANTED), new JsonObject().put("roles", new JsonArray().add(granted))),
                              () -> owner.patch("/guilds/" + g + "/members/" + idOf(Actor.TIMED_OUT), new JsonObject().put("roles", new JsonArray().add(granted))
                                  .put("communication_disabled_until", Instant.now().plusSeconds(3600).toString())),
                              () -> owner.patch("/guilds/" + g + "/members/" + idOf(Actor.ADMIN), new JsonObject().put("roles", new JsonArray().add(admin))),
                              () -> owner.put("/guilds/" + g + "/bans/" + idOf(Actor.BANNED), new JsonObject()),
                              () -> owner.put("/channels/" + channel + "/permissions/" + low,
                                  new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.ADD_REACTIONS))))))
                      .compose(v -> idOf(owner.post("/guilds/" + g + "/channels", new JsonObject().put("name", "extra"))))
                      .compose(extra -> send(owner, channel, "owner's words")
                          .compose(message -> idOf(owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray()
                                  .add(idOf(Actor.MEMBER)).add(idOf(Actor.GRANTED)).add(idOf(Actor.ADMIN)))))
                              .compose(groupDm -> idOf(owner.post("/channels/" + channel + "/threads", new JsonObject().put("name", "owner's thread")))
                                  .compose(thread -> idOf(target.post("/channels/" + channel + "/messages/" + message.getString("id") + "/reports",
                                          new JsonObject().put("reason", "spam")))
                                      .map(report -> new Fixture(g, channel, extra, message.getString("id"), low, target.userId(), idOf(Actor.BANNED), invite, groupDm, thread, report)))))))));
    });
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // Columns:                                  NON  BAN  MEM  GRANT TIMED ADMIN OWNER
    rows.add(new Row("login", "200 200 200 200 200 200 200", (f, s) -> s.api().send("POST", "/auth/login", new JsonObject().put("username", s.username()), null).map(Api.Reply::status)));
    rows.add(new Row("logout", "204 204 204 204 204 204 204", (f, s) -> s.post("/auth/logout", null).map(Api.Reply::status)));
    rows.add(new Row("getMe", "200 200 200 200 200 200 200", (f, s) -> s.get("/users/@me").map(Api.Reply::status)));
    rows.add(new Row("patchMe", "200 200 200 200 200 200 200", (f, s) -> s.patch("/users/@me", new JsonObject().put("global_name", "Someone")).map(Api.Reply::status)));
    rows.add(new Row("putPresence", "200 200 200 200 200 200 200", (f, s) -> s.put("/users/@me/presence", new JsonObject().put("status", "idle")).map(Api.Reply::status)));
    rows.add(new Row("getGuildSettings", "404 404 200 200 200 200 200", (f, s) -> s.get("/users/@me/guilds/" + f.guild() + "/settings").map(Api.Reply::status)));
    rows.add(new Row("patchGuildSettings", "404 404 200 200 200 200 200", (f, s) -> s.patch("/users/@me/guilds/" + f.guild() + "/settings",
        new JsonObject().put("message_notifications", 1).put("channel_overrides", new JsonArray()
            .add(new JsonObject().put("channel_id", f.channel()).put("muted", true)))).map(Api.Reply::status)));
    rows.add(new Row("getSnapshot", "200 200 200 200 200 200 200", (f, s) -> s.get("/snapshot").map(Api.Reply::status)));
    rows.add(new Row("getUpdates", "200 200 200 200 200 200 200", (f, s) -> Sse.using(s.stream(null), stream -> Future.succeededFuture(stream.status()))));
    rows.add(new Row("listPublicGuilds", "200 200 200 200 200 200 200", (f, s) -> s.get("/guilds").map(Api.Reply::status)));
    rows.add(new Row("createGuild", "201 201 201 201 201 201 201", (f, s) -> s.post("/guilds", new JsonObject().put("name", "mine")).map(Api.Reply::status)));
    rows.add(fresh("joinGuild", "200 403 200 200 200 200 200", (f, s) -> s.put("/guilds/" + f.guild() + "/members/@me", null).map(Api.Reply::status)));
    rows.add(fresh("acceptInvite", "200 403 200 200 200 200 200", (f, s) -> s.post("/invites/" + f.invite(), null).map(Api.Reply::status)));
    rows.add(fresh("leaveGuild", "404 404 204 204 204 204 400", (f, s) -> s.delete("/users/@me/guilds/" + f.guild()).map(Api.Reply::status)));
    rows.add(new Row("getGuild", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild()).map(Api.Reply::status)));
    rows.add(new Row("patchGuild", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild(), new JsonObject().put("name", "renamed")).map(Api.Reply::status)));
    rows.add(fresh("patchGuild", "404 404 403 403 403 403 200", (f, s) -> s.patch("/guilds/" + f.guild(), new JsonObject().put("owner_id", f.target())).map(Api.Reply::status)));
    rows.add(fresh("deleteGuild", "404 404 403 403 403 403 204", (f, s) -> s.delete("/guilds/" + f.guild()).map(Api.Reply::status)));
    rows.add(new Row("listMembers", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/members").map(Api.Reply::status)));
    rows.add(new Row("putMemberList", "404 404 204 204 204 204 204", (f, s) -> s.put("/users/@me/member-list", new JsonObject().put("guild_id", f.guild())).map(Api.Reply::status)));
    rows.add(new Row("patchMember", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/members/" + f.target(),
        new JsonObject().put("roles", new JsonArray().add(f.lowRole()))).map(Api.Reply::status)));
    rows.add(new Row("patchMember", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/members/" + f.target(),
        new JsonObject().put("communication_disabled_until", Instant.now().plusSeconds(60).toString())).map(Api.Reply::status)));
    rows.add(fresh("kickMember", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/members/" + f.target()).map(Api.Reply::status)));
    rows.add(new Row("listBans", "404 404 403 200 403 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/bans").map(Api.Reply::status)));
    rows.add(fresh("banMember", "404 404 403 204 403 204 204", (f, s) -> s.put("/guilds/" + f.guild() + "/bans/" + f.target(), new JsonObject()).map(Api.Reply::status)));
    rows.add(fresh("unbanMember", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/bans/" + f.banned()).map(Api.Reply::status)));
    rows.add(new Row("listRoles", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/roles").map(Api.Reply::status)));
    rows.add(new Row("createRole", "404 404 403 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/roles", new JsonObject().put("name", "new")).map(Api.Reply::status)));
    rows.add(new Row("patchRole", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/roles/" + f.lowRole(), new JsonObject().put("name", "lower")).map(Api.Reply::status)));
    rows.add(new Row("reorderRoles", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/roles",
        new JsonArray().add(new JsonObject().put("id", f.lowRole()).put("position", 2))).map(Api.Reply::status)));
    rows.add(fresh("deleteRole", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/roles/" + f.lowRole()).map(Api.Reply::status)));
    rows.add(new Row("createInvite", "404 404 201 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/invites", new JsonObject()).map(Api.Reply::status)));
    rows.add(new Row("listChannels", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/channels").map(Api.Reply::status)));
    rows.add(new Row("createChannel", "404 404 403 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/channels", new JsonObject().put("name", "more")).map(Api.Reply::status)));
    rows.add(new Row("patchChannel", "404 404 403 200 403 200 200", (f, s) -> s.patch("/channels/" + f.extraChannel(), new JsonObject().put("topic", "t")).map(Api.Reply::status)));
    rows.add(fresh("deleteChannel", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.extraChannel()).map(Api.Reply::status)));
    // Denies a bit no other row needs: this row shares its guild with the rows after it.
    rows.add(new Row("putOverwrite", "404 404 403 204 403 204 204", (f, s) -> s.put("/channels/" + f.channel() + "/permissions/" + f.guild(),
        new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.MENTION_EVERYONE))).map(Api.Reply::status)));
    rows.add(fresh("deleteOverwrite", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/permissions/" + f.lowRole()).map(Api.Reply::status)));
    rows.add(new Row("listMessages", "404 404 200 200 200 200 200", (f, s) -> s.get("/channels/" + f.channel() + "/messages").map(Api.Reply::status)));
    rows.add(new Row("createMessage", "404 404 200 200 403 200 200", (f, s) -> s.post("/channels/" + f.channel() + "/messages", new JsonObject().put("content", "hi")).map(Api.Reply::status)));
    rows.add(new Row("editMessage", "404 404 403 403 403 403 200", (f, s) -> s.patch("/channels/" + f.channel() + "/messages/" + f.ownerMessage(),
        new JsonObject().put("content", "changed")).map(Api.Reply::status)));
    rows.add(fresh("deleteMessage", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/messages/" + f.ownerMessage()).map(Api.Reply::status)));
    rows.add(new Row("addReaction", "404 404 204 204 403 204 204", (f, s) -> s.put("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/reactions/%F0%9F%91%8D/@me", null).map(Api.Reply::status)));
    rows.add(new Row("removeReaction", "404 404 204 204 204 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/reactions/%F0%9F%91%8D/@me").map(Api.Reply::status)));
    // DMs: a stranger (no shared guild, no DM) may not open one; the group DM holds the owner, MEMBER, GRANTED and ADMIN.
    rows.add(new Row("listPrivateChannels", "200 200 200 200 200 200 200", (f, s) -> s.get("/users/@me/channels").map(Api.Reply::status)));
    rows.add(new Row("createPrivateChannel", "403 403 200 200 200 200 200", (f, s) -> s.post("/users/@me/channels",
        new JsonObject().put("recipient_id", f.target())).map(Api.Reply::status)));
    rows.add(new Row("addRecipient", "404 404 403 403 404 403 204", (f, s) -> s.put("/channels/" + f.groupDm() + "/recipients/" + f.target(), null).map(Api.Reply::status)));
    rows.add(fresh("removeRecipient", "404 404 204 204 404 204 204", (f, s) -> s.delete("/channels/" + f.groupDm() + "/recipients/" + s.userId()).map(Api.Reply::status)));
    rows.add(new Row("putRelationship", "204 204 204 204 204 204 204", (f, s) -> s.put("/users/@me/relationships/" + f.target(), new JsonObject().put("type", 2)).map(Api.Reply::status)));
    rows.add(new Row("deleteRelationship", "204 204 204 204 204 204 204", (f, s) -> s.delete("/users/@me/relationships/" + f.target()).map(Api.Reply::status)));
    // Threads: the owner's thread (the owner is its only member); MANAGE_THREADS is among the granted bits.
    rows.add(fresh("startThreadFromMessage", "404 404 201 201 403 201 201", (f, s) -> s.post("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/threads", new JsonObject().put("name", "about that")).map(Api.Reply::status)));
    rows.add(new Row("startThread", "404 404 201 201 403 201 201", (f, s) -> s.post("/channels/" + f.channel() + "/threads",
        new JsonObject().put("name", "new thread")).map(Api.Reply::status)));
    rows.add(new Row("listThreads", "404 404 200 200 200 200 200", (f, s) -> s.get("/channels/" + f.channel() + "/threads").map(Api.Reply::status)));
    rows.add(new Row("getThreadMember", "404 404 404 404 404 404 200", (f, s) -> s.get("/channels/" + f.thread() + "/thread-members/@me").map(Api.Reply::status)));
    rows.add(new Row("joinThread", "404 404 204 204 204 204 204", (f, s) -> s.put("/channels/" + f.thread() + "/thread-members/@me", null).map(Api.Reply::status)));
    rows.add(new Row("createMessage", "404 404 200 200 403 200 200", (f, s) -> s.post("/channels/" + f.thread() + "/messages",
        new JsonObject().put("content", "in the thread")).map(Api.Reply::status)));
    rows.add(new Row("leaveThread", "404 404 204 204 204 204 204", (f, s) -> s.delete("/channels/" + f.thread() + "/thread-members/@me").map(Api.Reply::status)));
    rows.add(new Row("patchChannel", "404 404 403 200 403 200 200", (f, s) -> s.patch("/channels/" + f.thread(), new JsonObject().put("name", "renamed thread")).map(Api.Reply::status)));
    rows.add(fresh("patchChannel", "404 404 403 200 403 200 200", (f, s) -> s.patch("/channels/" + f.thread(), new JsonObject().put("locked", true)).map(Api.Reply::status)));
    rows.add(fresh("deleteChannel", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.thread()).map(Api.Reply::status)));
    // Reporting needs only sight of the message (a timeout limits acts, not reports); not one's own (the owner's 400).
    rows.add(new Row("createReport", "404 404 201 201 201 201 400", (f, s) -> s.post("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/reports", new JsonObject().put("reason", "spam")).map(Api.Reply::status)));
    rows.add(new Row("listReports", "404 404 403 200 403 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/reports").map(Api.Reply::status)));
    rows.add(fresh("updateReport", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/reports/" + f.report(),
        new JsonObject().put("status", "dismissed")).map(Api.Reply::status)));
    // Reading needs only sight of the channel (a timeout limits acts, not reading).
    rows.add(new Row("ackMessage", "404 404 200 200 200 200 200", (f, s) -> s.post("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/ack", new JsonObject()).map(Api.Reply::status)));
    rows.add(new Row("startTyping", "404 404 204 204 403 204 204", (f, s) -> s.post("/channels/" + f.channel() + "/typing", null).map(Api.Reply::status)));
    // Sessions are the user's own, whatever their roles: every actor may list theirs, ask for a stream
    // ticket, and end their own sessions; an id that is no session of theirs is never found.
    rows.add(new Row("listSessions", "200 200 200 200 200 200 200", (f, s) -> s.get("/users/@me/sessions").map(Api.Reply::status)));
    // What signing in asks for: anyone may read it, with a token or without.
    rows.add(new Row("getAuthConfig", "200 200 200 200 200 200 200", (f, s) -> s.api().send("GET", "/auth/config", null, null).map(Api.Reply::status)));
    rows.add(new Row("createStreamTicket", "200 200 200 200 200 200 200", (f, s) -> s.post("/auth/stream-ticket", null).map(Api.Reply::status)));
    rows.add(new Row("deleteSession", "404 404 404 404 404 404 404", (f, s) -> s.delete("/users/@me/sessions/" + f.target()).map(Api.Reply::status)));
    // Last of all: it ends every session of the actor, the fixtures' owner session among them.
    rows.add(new Row("logoutAll", "204 204 204 204 204 204 204", (f, s) -> s.post("/auth/logout-all", null).map(Api.Reply::status)));
    return rows;
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS) // some 300 cells and 90 fresh guilds, one request at a time
  @DisplayName("Every operation answers each kind of caller as the permission model says, hiding what non-members may not know")
  void matrix(VertxTestContext ctx) {
    Checkpoint asTheModelSays = ctx.checkpoint();
    List<String> wrong = new ArrayList<>();
    List<Row> rows = rows();
    Actor[] actors = Actor.values();
    fixture().compose(shared -> inTurn(rows.size(), r -> {
          Row row = rows.get(r);
          String[] expected = row.expected().split(" ");
          return inTurn(actors.length, a -> {
            Actor actor = actors[a];
            Future<Fixture> fixture = row.destructive() ? fixture() : Future.succeededFuture(shared);
            return fixture.compose(f -> api.login(names.get(actor)).compose(session -> row.call().apply(f, session)))
                .map(status -> {
                  if (status != Integer.parseInt(expected[actor.ordinal()])) {
                    wrong.add(row.operation() + " as " + actor + ": expected " + expected[actor.ordinal()] + ", got " + status);
                  }
                  return status;
                });
          });
        }))
        .compose(v -> check(ctx, () -> {
          assertTrue(wrong.isEmpty(), wrong.size() + " cells differ:\n" + String.join("\n", wrong));
          asTheModelSays.flag();
        }))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Every operation in openapi.yaml has a row in the matrix")
  void everyOperationHasARow() throws Exception {
    // Reads the contract and the rows only, no request: plain JUnit, on the test's own thread.
    Matcher ids = Pattern.compile("operationId:\\s*(\\w+)").matcher(Files.readString(Path.of("openapi.yaml")));
    Set<String> covered = new TreeSet<>();
    for (Row row : rows()) {
      covered.add(row.operation());
    }
    Set<String> missing = new TreeSet<>();
    while (ids.find()) {
      if (!covered.contains(ids.group(1))) {
        missing.add(ids.group(1));
      }
    }
    assertTrue(missing.isEmpty(), "operations without a row in the authorization matrix: " + missing);
  }
}
