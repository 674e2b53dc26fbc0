package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the contract × every kind of caller → the status they get. Each cell runs on a
 * fresh guild, so that destructive operations do not disturb the next. An operation added to
 * openapi.yaml without a row here fails the test.
 */
class AuthorizationMatrixTest extends ApiTestBase {
  /** Column order of the expectation strings below. */
  enum Actor { NON_MEMBER, BANNED, MEMBER, GRANTED, TIMED_OUT, ADMIN, OWNER }

  /** Everything but ADMINISTRATOR: the "member with the bit" for every bit. */
  static final long GRANTED_BITS = Permissions.ALL & ~Permissions.ADMINISTRATOR;

  /** One guild set up for one cell. */
  record Fixture(String guild, String channel, String extraChannel, String ownerMessage, String lowRole,
                 String target, String banned, String invite) {}

  /** {@code destructive}: the call changes the guild in a way the next cell would notice, so each cell gets a fresh one. */
  record Row(String operation, String expected, boolean destructive, BiFunction<Fixture, ApiClient.Session, Integer> call) {
    Row(String operation, String expected, BiFunction<Fixture, ApiClient.Session, Integer> call) {
      this(operation, expected, false, call);
    }
  }

  private final Map<Actor, String> names = new LinkedHashMap<>();
  private final Map<Actor, String> ids = new LinkedHashMap<>();
  private ApiClient.Session owner;

  @BeforeAll
  void users() {
    for (Actor actor : Actor.values()) {
      names.put(actor, unique(actor.name().toLowerCase()));
      ids.put(actor, api.login(names.get(actor)).userId());
    }
    owner = api.login(names.get(Actor.OWNER));
  }

  private String idOf(Actor actor) {
    return ids.get(actor);
  }

  private static Row fresh(String operation, String expected, BiFunction<Fixture, ApiClient.Session, Integer> call) {
    return new Row(operation, expected, true, call);
  }

  private Fixture fixture() {
    JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "matrix").put("public", true)).json();
    String g = guild.getString("id");
    String invite = owner.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    ApiClient.Session target = api.login(unique("target"));
    for (Actor actor : List.of(Actor.BANNED, Actor.MEMBER, Actor.GRANTED, Actor.TIMED_OUT, Actor.ADMIN)) {
      api.login(names.get(actor)).post("/invites/" + invite, null);
    }
    target.post("/invites/" + invite, null);
    String low = owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "low")).json().getString("id");
    String granted = owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "granted")
        .put("permissions", Long.toString(GRANTED_BITS))).json().getString("id");
    String admin = owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "admin")
        .put("permissions", Long.toString(Permissions.ADMINISTRATOR))).json().getString("id");
    owner.patch("/guilds/" + g + "/roles", new JsonArray()
        .add(new JsonObject().put("id", granted).put("position", 5)).add(new JsonObject().put("id", admin).put("position", 6)));
    owner.patch("/guilds/" + g + "/members/" + idOf(Actor.GRANTED), new JsonObject().put("roles", new JsonArray().add(granted)));
    owner.patch("/guilds/" + g + "/members/" + idOf(Actor.TIMED_OUT), new JsonObject().put("roles", new JsonArray().add(granted))
        .put("communication_disabled_until", Instant.now().plusSeconds(3600).toString()));
    owner.patch("/guilds/" + g + "/members/" + idOf(Actor.ADMIN), new JsonObject().put("roles", new JsonArray().add(admin)));
    owner.put("/guilds/" + g + "/bans/" + idOf(Actor.BANNED), new JsonObject());
    String channel = general(guild);
    owner.put("/channels/" + channel + "/permissions/" + low, new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.ADD_REACTIONS)));
    String extra = owner.post("/guilds/" + g + "/channels", new JsonObject().put("name", "extra")).json().getString("id");
    String message = send(owner, channel, "owner's words").getString("id");
    return new Fixture(g, channel, extra, message, low, target.userId(), idOf(Actor.BANNED), invite);
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // Columns:                                  NON  BAN  MEM  GRANT TIMED ADMIN OWNER
    rows.add(new Row("login", "200 200 200 200 200 200 200", (f, s) -> s.api().send("POST", "/auth/login", new JsonObject().put("username", s.username()), null).status()));
    rows.add(new Row("logout", "204 204 204 204 204 204 204", (f, s) -> s.post("/auth/logout", null).status()));
    rows.add(new Row("getMe", "200 200 200 200 200 200 200", (f, s) -> s.get("/users/@me").status()));
    rows.add(new Row("patchMe", "200 200 200 200 200 200 200", (f, s) -> s.patch("/users/@me", new JsonObject().put("global_name", "Someone")).status()));
    rows.add(new Row("getSnapshot", "200 200 200 200 200 200 200", (f, s) -> s.get("/snapshot").status()));
    rows.add(new Row("getUpdates", "200 200 200 200 200 200 200", (f, s) -> {
      try (SseClient stream = s.stream(null)) {
        return stream.status;
      }
    }));
    rows.add(new Row("listPublicGuilds", "200 200 200 200 200 200 200", (f, s) -> s.get("/guilds").status()));
    rows.add(new Row("createGuild", "201 201 201 201 201 201 201", (f, s) -> s.post("/guilds", new JsonObject().put("name", "mine")).status()));
    rows.add(fresh("joinGuild", "200 403 200 200 200 200 200", (f, s) -> s.put("/guilds/" + f.guild() + "/members/@me", null).status()));
    rows.add(fresh("acceptInvite", "200 403 200 200 200 200 200", (f, s) -> s.post("/invites/" + f.invite(), null).status()));
    rows.add(fresh("leaveGuild", "404 404 204 204 204 204 400", (f, s) -> s.delete("/users/@me/guilds/" + f.guild()).status()));
    rows.add(new Row("getGuild", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild()).status()));
    rows.add(new Row("patchGuild", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild(), new JsonObject().put("name", "renamed")).status()));
    rows.add(fresh("patchGuild", "404 404 403 403 403 403 200", (f, s) -> s.patch("/guilds/" + f.guild(), new JsonObject().put("owner_id", f.target())).status()));
    rows.add(fresh("deleteGuild", "404 404 403 403 403 403 204", (f, s) -> s.delete("/guilds/" + f.guild()).status()));
    rows.add(new Row("listMembers", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/members").status()));
    rows.add(new Row("patchMember", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/members/" + f.target(),
        new JsonObject().put("roles", new JsonArray().add(f.lowRole()))).status()));
    rows.add(new Row("patchMember", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/members/" + f.target(),
        new JsonObject().put("communication_disabled_until", Instant.now().plusSeconds(60).toString())).status()));
    rows.add(fresh("kickMember", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/members/" + f.target()).status()));
    rows.add(new Row("listBans", "404 404 403 200 403 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/bans").status()));
    rows.add(fresh("banMember", "404 404 403 204 403 204 204", (f, s) -> s.put("/guilds/" + f.guild() + "/bans/" + f.target(), new JsonObject()).status()));
    rows.add(fresh("unbanMember", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/bans/" + f.banned()).status()));
    rows.add(new Row("listRoles", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/roles").status()));
    rows.add(new Row("createRole", "404 404 403 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/roles", new JsonObject().put("name", "new")).status()));
    rows.add(new Row("patchRole", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/roles/" + f.lowRole(), new JsonObject().put("name", "lower")).status()));
    rows.add(new Row("reorderRoles", "404 404 403 200 403 200 200", (f, s) -> s.patch("/guilds/" + f.guild() + "/roles",
        new JsonArray().add(new JsonObject().put("id", f.lowRole()).put("position", 2))).status()));
    rows.add(fresh("deleteRole", "404 404 403 204 403 204 204", (f, s) -> s.delete("/guilds/" + f.guild() + "/roles/" + f.lowRole()).status()));
    rows.add(new Row("createInvite", "404 404 201 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/invites", new JsonObject()).status()));
    rows.add(new Row("listChannels", "404 404 200 200 200 200 200", (f, s) -> s.get("/guilds/" + f.guild() + "/channels").status()));
    rows.add(new Row("createChannel", "404 404 403 201 403 201 201", (f, s) -> s.post("/guilds/" + f.guild() + "/channels", new JsonObject().put("name", "more")).status()));
    rows.add(new Row("patchChannel", "404 404 403 200 403 200 200", (f, s) -> s.patch("/channels/" + f.extraChannel(), new JsonObject().put("topic", "t")).status()));
    rows.add(fresh("deleteChannel", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.extraChannel()).status()));
    // Denies a bit no other row needs: this row shares its guild with the rows after it.
    rows.add(new Row("putOverwrite", "404 404 403 204 403 204 204", (f, s) -> s.put("/channels/" + f.channel() + "/permissions/" + f.guild(),
        new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.MENTION_EVERYONE))).status()));
    rows.add(fresh("deleteOverwrite", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/permissions/" + f.lowRole()).status()));
    rows.add(new Row("listMessages", "404 404 200 200 200 200 200", (f, s) -> s.get("/channels/" + f.channel() + "/messages").status()));
    rows.add(new Row("createMessage", "404 404 200 200 403 200 200", (f, s) -> s.post("/channels/" + f.channel() + "/messages", new JsonObject().put("content", "hi")).status()));
    rows.add(new Row("editMessage", "404 404 403 403 403 403 200", (f, s) -> s.patch("/channels/" + f.channel() + "/messages/" + f.ownerMessage(),
        new JsonObject().put("content", "changed")).status()));
    rows.add(fresh("deleteMessage", "404 404 403 204 403 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/messages/" + f.ownerMessage()).status()));
    rows.add(new Row("addReaction", "404 404 204 204 403 204 204", (f, s) -> s.put("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/reactions/%F0%9F%91%8D/@me", null).status()));
    rows.add(new Row("removeReaction", "404 404 204 204 204 204 204", (f, s) -> s.delete("/channels/" + f.channel() + "/messages/"
        + f.ownerMessage() + "/reactions/%F0%9F%91%8D/@me").status()));
    rows.add(new Row("startTyping", "404 404 204 204 403 204 204", (f, s) -> s.post("/channels/" + f.channel() + "/typing", null).status()));
    return rows;
  }

  @Test
  @DisplayName("Every operation answers each kind of caller as the permission model says, hiding what non-members may not know")
  void matrix() {
    List<String> wrong = new ArrayList<>();
    Fixture shared = fixture();
    for (Row row : rows()) {
      String[] expected = row.expected().split(" ");
      for (Actor actor : Actor.values()) {
        Fixture fixture = row.destructive() ? fixture() : shared;
        ApiClient.Session session = api.login(names.get(actor));
        int status = row.call().apply(fixture, session);
        if (status != Integer.parseInt(expected[actor.ordinal()])) {
          wrong.add(row.operation() + " as " + actor + ": expected " + expected[actor.ordinal()] + ", got " + status);
        }
      }
    }
    assertTrue(wrong.isEmpty(), wrong.size() + " cells differ:\n" + String.join("\n", wrong));
  }

  @Test
  @DisplayName("Every operation in openapi.yaml has a row in the matrix")
  void everyOperationHasARow() throws Exception {
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
