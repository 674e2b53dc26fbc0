package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.impl.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of openapi.yaml, walked from the contract itself, is sent broken input: each required
 * field missing, each field of the wrong type or null, strings past their maxLength, 1 MB and 10 MB
 * bodies, malformed JSON, unknown and wrong-kind ids in the path, bad query values, and Unicode edge
 * cases; as the guild's owner and as a stranger. Whatever comes back is a 4xx with the error body (or a
 * 2xx where the input is in fact fine), never a 5xx or a dropped connection, and the owner's snapshot and
 * the channel's messages are the same after the bad requests as before. A seeded random round follows:
 * {@code -Dfuzz.seed=N} replays it; the seed is in every failure message.
 *
 * <p>Left out: {@code logout} and {@code logoutAll} (they would end the sessions the sweep runs as) and
 * the update stream, which is only asked with bad parameters (a 400 before any stream opens).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractFuzzTest extends AsyncApiTestBase {
  private static final long SEED = Long.getLong("fuzz.seed", System.currentTimeMillis());
  private static final int RANDOM_ROUNDS = Integer.getInteger("fuzz.rounds", 300);
  /** Well-formed, fits in 64 bits, and no row has it. */
  private static final String UNKNOWN_ID = "4242424242424242424";
  private static final Set<String> LEFT_OUT = Set.of("logout", "logoutAll");
  private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

  /** One operation as the contract declares it: its path template, parameters and body schema (resolved), if any. */
  private record Op(String id, String method, String template, List<JsonObject> params, JsonObject body, boolean bodyRequired) {}

  /** A request and what it may answer: only a 4xx ({@code mustRefuse}), or anything but a 5xx. */
  private record Probe(String what, Api.Session as, String method, String path, Object body, boolean mustRefuse, String field) {}

  private JsonObject spec;
  private final List<Op> ops = new ArrayList<>();
  private Api.Session owner;
  private Api.Session stranger;
  private final java.util.Map<String, String> ids = new java.util.HashMap<>();
  private String inviteCode;
  private String unicodeChannel;

  @BeforeAll
  void contractAndFixture(Vertx vertx, VertxTestContext ctx) {
    System.out.println(getClass().getSimpleName() + ": -Dfuzz.seed=" + SEED + " replays this run");
    Utils.readYamlOrJson(vertx, "openapi.yaml").compose(raw -> {
      spec = raw;
      readOperations();
      return users("owner", "stranger");
    }).compose(two -> {
      owner = two.get(0);
      stranger = two.get(1);
      return guild(owner, false);
    }).compose(guild -> {
      String g = guild.getString("id");
      ids.put("guild_id", g);
      return owner.post("/guilds/" + g + "/channels", new JsonObject().put("name", "fuzzed")).compose(c -> {
        ids.put("channel_id", c.json().getString("id"));
        return owner.post("/guilds/" + g + "/channels", new JsonObject().put("name", "unicode"));
      }).compose(c -> {
        unicodeChannel = c.json().getString("id");
        return send(owner, ids.get("channel_id"), "the one message");
      }).compose(m -> {
        ids.put("message_id", m.getString("id"));
        return owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "fuzz role"));
      }).compose(role -> {
        ids.put("role_id", role.json().getString("id"));
        return owner.post("/guilds/" + g + "/invites", new JsonObject());
      });
    }).compose(invite -> {
      inviteCode = invite.json().getString("code");
      ids.put("user_id", stranger.userId());
      ids.put("target_id", ids.get("role_id"));
      ids.put("report_id", UNKNOWN_ID);
      ids.put("session_id", UNKNOWN_ID);
      return Future.succeededFuture();
    }).onComplete(ctx.succeedingThenComplete());
  }

  // ---- the contract, read as data

  private void readOperations() {
    JsonObject paths = spec.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null || LEFT_OUT.contains(op.getString("operationId"))) {
          continue;
        }
        List<JsonObject> params = new ArrayList<>();
        for (Object p : item.getJsonArray("parameters", new JsonArray()).addAll(op.getJsonArray("parameters", new JsonArray()))) {
          params.add(resolve((JsonObject) p));
        }
        JsonObject body = null;
        boolean required = false;
        JsonObject requestBody = op.getJsonObject("requestBody");
        if (requestBody != null) {
          requestBody = resolve(requestBody);
          required = requestBody.getBoolean("required", false);
          body = resolve(requestBody.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"));
        }
        ops.add(new Op(op.getString("operationId"), method.toUpperCase(), template.substring("/api/v1".length()), params, body, required));
      }
    }
  }

  /** Follows local {@code $ref}s ("#/components/..."). */
  private JsonObject resolve(JsonObject node) {
    while (node != null && node.containsKey("$ref")) {
      JsonObject at = spec;
      for (String part : node.getString("$ref").substring(2).split("/")) {
        at = at.getJsonObject(part);
      }
      node = at;
    }
    return node;
  }

  /** The JSON types a schema allows ("any" when it says none). */
  private Set<String> types(JsonObject schema) {
    schema = resolve(schema);
    Set<String> types = new LinkedHashSet<>();
    Object type = schema.getValue("type");
    if (type instanceof String t) {
      types.add(t);
    } else if (type instanceof JsonArray list) {
      list.forEach(t -> types.add((String) t));
    }
    for (String union : List.of("oneOf", "anyOf")) {
      for (Object s : schema.getJsonArray(union, new JsonArray())) {
        types.addAll(types((JsonObject) s));
      }
    }
    if (types.isEmpty() && !schema.containsKey("enum") && !schema.containsKey("const")) {
      types.add("any");
    }
    if (types.contains("integer")) {
      types.add("number");
    }
    return types;
  }

  private JsonObject properties(JsonObject schema) {
    JsonObject props = new JsonObject();
    resolve(schema).getJsonObject("properties", new JsonObject()).forEach(e -> props.put(e.getKey(), resolve((JsonObject) e.getValue())));
    return props;
  }

  /** A valid value for {@code schema}, named {@code name}: the fixture's ids where an id goes. */
  private Object sample(String name, JsonObject schema, String channel) {
    schema = resolve(schema);
    if (schema.containsKey("const")) {
      return schema.getValue("const");
    }
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    for (String union : List.of("oneOf", "anyOf")) {
      if (schema.containsKey(union)) {
        return sample(name, schema.getJsonArray(union).getJsonObject(0), channel);
      }
    }
    Set<String> types = types(schema);
    if (types.contains("object")) {
      JsonObject value = new JsonObject();
      JsonObject props = properties(schema);
      for (Object required : schema.getJsonArray("required", new JsonArray())) {
        value.put((String) required, sample((String) required, props.getJsonObject((String) required, new JsonObject()), channel));
      }
      return value;
    }
    if (types.contains("array")) {
      JsonArray value = new JsonArray();
      JsonObject items = schema.getJsonObject("items", new JsonObject());
      for (int i = 0; i < schema.getInteger("minItems", 0); i++) {
        value.add(sample(name, items, channel));
      }
      return value;
    }
    if (types.contains("boolean")) {
      return false;
    }
    if (types.contains("integer") || types.contains("number")) {
      return schema.getInteger("minimum", 0);
    }
    if ("date-time".equals(schema.getString("format"))) {
      return "2030-01-31T18:00:00Z";
    }
    if (schema.getString("pattern", "").contains("0-9")) {
      return switch (name) {
        case "channel_id", "parent_id" -> channel;
        case "recipient_id", "recipient_ids", "owner_id" -> stranger.userId();
        case "id", "roles" -> ids.get("role_id");
        default -> UNKNOWN_ID;
      };
    }
    return "fuzzed_" + "x".repeat(Math.max(0, schema.getInteger("minLength", 0) - 7));
  }

  private String path(Op op, Map<String, String> values) {
    String path = op.template();
    for (JsonObject p : op.params()) {
      if ("path".equals(p.getString("in"))) {
        String name = p.getString("name");
        String value = values.containsKey(name) ? values.get(name) : switch (name) {
          case "code" -> inviteCode;
          case "emoji" -> "%F0%9F%91%8D";
          default -> ids.getOrDefault(name, UNKNOWN_ID);
        };
        path = path.replace("{" + name + "}", value);
      }
    }
    return path;
  }

  private String realPath(Op op, String channel) {
    return path(op, channel == null ? Map.of() : Map.of("channel_id", channel));
  }

  // ---- the broken input

  /** Bodies that break {@code schema}'s rules: [what, body]; {@code base} is valid. */
  private List<Object[]> brokenBodies(JsonObject schema, Object base, boolean required) {
    List<Object[]> broken = new ArrayList<>();
    Set<String> types = types(schema);
    for (Object[] wrong : wrongValues()) {
      if (!allows(types, wrong[1]) && (wrong[1] != null || required)) {
        broken.add(new Object[] {"body as " + wrong[0], wrong[1] == null ? "null" : wrong[1]});
      }
    }
    if (base instanceof JsonObject object) {
      for (Object[] field : brokenFields(schema, object, 0)) {
        broken.add(new Object[] {field[0], field[1]});
      }
    } else if (base instanceof JsonArray array && !array.isEmpty() && array.getValue(0) instanceof JsonObject first) {
      for (Object[] field : brokenFields(schema.getJsonObject("items"), first, 0)) {
        JsonArray copy = array.copy();
        copy.set(0, field[1]);
        broken.add(new Object[] {"items[0]: " + field[0], copy});
      }
    }
    return broken;
  }

  private List<Object[]> brokenFields(JsonObject schema, JsonObject base, int depth) {
    List<Object[]> broken = new ArrayList<>();
    for (Object required : resolve(schema).getJsonArray("required", new JsonArray())) {
      JsonObject without = base.copy();
      without.remove((String) required);
      broken.add(new Object[] {"without " + required, without});
    }
    JsonObject props = properties(schema);
    for (String name : props.fieldNames()) {
      JsonObject prop = props.getJsonObject(name);
      Set<String> types = types(prop);
      for (Object[] wrong : wrongValues()) {
        if (!allows(types, wrong[1]) && !(types.contains("any"))) {
          broken.add(new Object[] {name + " as " + wrong[0], base.copy().put(name, wrong[1])});
        }
      }
      Integer max = prop.getInteger("maxLength");
      if (max != null) {
        broken.add(new Object[] {name + " past maxLength " + max, base.copy().put(name, "y".repeat(max + 1))});
      }
      // one level down: a nested object, or an object in a list, broken the same ways
      JsonObject items = types.contains("array") ? prop.getJsonObject("items") : null;
      JsonObject nested = types.contains("object") ? prop : items == null ? null : resolve(items);
      if (depth < 2 && nested != null && types(nested).contains("object") && !properties(nested).isEmpty()
          && sample(name, nested, ids.get("channel_id")) instanceof JsonObject inner) {
        for (Object[] deeper : brokenFields(nested, inner, depth + 1)) {
          Object value = items == null ? deeper[1] : new JsonArray().add(deeper[1]);
          broken.add(new Object[] {name + (items == null ? "." : "[0].") + deeper[0], base.copy().put(name, value)});
        }
      }
    }
    return broken;
  }

  private static List<Object[]> wrongValues() {
    return List.of(new Object[] {"number", 12345}, new Object[] {"string", "not-what-it-wants"}, new Object[] {"array", new JsonArray().add(1)},
        new Object[] {"object", new JsonObject().put("a", 1)}, new Object[] {"boolean", true}, new Object[] {"null", null});
  }

  private static boolean allows(Set<String> types, Object value) {
    if (types.contains("any")) {
      return true;
    }
    if (value == null) {
      return types.contains("null");
    }
    if (value instanceof Number) {
      return types.contains("number");
    }
    if (value instanceof String) {
      return types.contains("string");
    }
    if (value instanceof JsonArray) {
      return types.contains("array");
    }
    if (value instanceof JsonObject) {
      return types.contains("object");
    }
    return !(value instanceof Boolean) || types.contains("boolean");
  }

  /** The id that names something else: what a confused client would put there. */
  private String wrongKind(String param) {
    return switch (param) {
      case "guild_id", "role_id", "report_id" -> ids.get("channel_id");
      case "channel_id" -> ids.get("role_id");
      case "message_id", "target_id", "session_id" -> owner.userId();
      case "user_id" -> ids.get("message_id");
      case "code" -> ids.get("guild_id");
      default -> UNKNOWN_ID;
    };
  }

  private static final String ONE_MB = "{\"content\":\"" + "z".repeat(1 << 20) + "\"}";
  private static final String TEN_MB = "{\"content\":\"" + "z".repeat(10 << 20) + "\"}";

  private List<Probe> badProbes(Api.Session as) {
    List<Probe> probes = new ArrayList<>();
    for (Op op : ops) {
      String real = realPath(op, null);
      if (op.id().equals("getUpdates")) { // only its parameters, refused before any stream opens
        for (String bad : List.of("after=yesterday", "after=-1", "after=99999999999999999999", "after=%00")) {
          probes.add(new Probe("bad " + bad, as, "GET", real + "?" + bad, null, true, null));
        }
        continue;
      }
      Object base = op.body() == null ? null : sample("body", op.body(), ids.get("channel_id"));
      probes.add(new Probe("1 MB body", as, op.method(), real, ONE_MB, true, null));
      probes.add(new Probe("10 MB body", as, op.method(), real, TEN_MB, true, null));
      if (op.body() != null) {
        // An empty body is no body: malformed where one is required, an ordinary request where it is optional.
        // (A leading byte order mark is not here: RFC 8259 lets a parser skip it, and Jackson does.)
        List<String> malformedBodies = new ArrayList<>(List.of("{", "[1,", "\"x\"", "{\"a\":1}}", "\u0000",
            "{\"a\":1,}", "{'a':1}", "{a:1}", "NaN", "{\"a\":NaN}", "{\"a\":01}", "// c\n{}", "{\"a\":\"\\x\"}"));
        if (op.bodyRequired()) {
          malformedBodies.add("");
        }
        for (String malformed : malformedBodies) {
          probes.add(new Probe("malformed " + JsonObject.of("b", malformed).encode(), as, op.method(), real, malformed, true, null));
        }
        for (Object[] broken : brokenBodies(op.body(), base, op.bodyRequired())) {
          probes.add(new Probe((String) broken[0], as, op.method(), real, broken[1], true, null));
        }
      }
      for (JsonObject p : op.params()) {
        String name = p.getString("name");
        if ("path".equals(p.getString("in")) && !name.equals("emoji")) {
          for (String id : List.of(UNKNOWN_ID, wrongKind(name), "0", "-1", "99999999999999999999", "1e3")) {
            probes.add(new Probe(name + "=" + id, as, op.method(), path(op, Map.of(name, id)), base, false, null));
          }
        } else if (name.equals("emoji")) { // text in the path: NUL, a lone surrogate's bytes, broken UTF-8, too long
          for (String emoji : List.of("%00", "%ED%A0%80", "%FF%FE", "%F0%9F", "x".repeat(300))) {
            probes.add(new Probe("emoji=" + emoji, as, op.method(), path(op, Map.of(name, emoji)), base, false, null));
          }
        } else if ("query".equals(p.getString("in")) && op.method().equals("GET")) {
          for (String value : List.of("abc", "-1", "1e2", "1.5", "99999999999999999999", "%00", "%ED%A0%80", "")) {
            probes.add(new Probe(name + "=" + value, as, "GET", real + "?" + name + "=" + value, null, false, null));
          }
        }
      }
    }
    return probes;
  }

  /** Runs the probes one after the other; answers what went wrong, each line naming the seed. */
  private Future<List<String>> run(List<Probe> probes) {
    System.out.println(getClass().getSimpleName() + ": " + probes.size() + " requests");
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    return inTurn(probes.size(), i -> {
      Probe p = probes.get(i);
      String said = "[fuzz.seed=" + SEED + "] " + p.as().username() + " " + p.method() + " " + p.path() + " (" + p.what() + ")";
      return api.send(p.method(), p.path(), p.body(), p.as().token()).transform(ar -> {
        if (ar.failed()) {
          wrong.add(said + " → no answer: " + ar.cause().getCause());
          return Future.succeededFuture();
        }
        Api.Reply reply = ar.result();
        int status = reply.status();
        if (status >= 500 || p.mustRefuse() && status < 400) {
          wrong.add(said + " → " + shorten(reply));
        } else if (status >= 400 && !hasErrorBody(reply)) {
          wrong.add(said + " → no error body: " + shorten(reply));
        } else if (p.field() != null && !(status == 400 && p.field().equals(reply.field()))) {
          wrong.add(said + " → expected 400 naming " + p.field() + ": " + shorten(reply));
        }
        return Future.succeededFuture();
      });
    }).map(done -> wrong);
  }

  private static boolean hasErrorBody(Api.Reply reply) {
    try {
      JsonObject error = reply.json().getJsonObject("error");
      return error != null && error.getValue("code") instanceof String && error.getValue("message") instanceof String;
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private static String shorten(Api.Reply reply) {
    String text = reply.toString();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  /** What the owner and the stranger see, less what moves by itself (the cursor, presences, last-used times). */
  private Future<JsonObject> state() {
    return owner.get("/snapshot").compose(snapshot -> stranger.get("/snapshot").compose(theirs ->
        owner.get("/channels/" + ids.get("channel_id") + "/messages?limit=100").map(messages -> new JsonObject()
            .put("snapshot", stable(snapshot.json())).put("stranger", stable(theirs.json())).put("messages", messages.array()))));
  }

  private static Object stable(Object json) {
    if (json instanceof JsonObject object) {
      JsonObject kept = new JsonObject();
      object.forEach(e -> {
        if (!Set.of("cursor", "presence", "presences", "last_used", "last_used_at").contains(e.getKey())) {
          kept.put(e.getKey(), stable(e.getValue()));
        }
      });
      return kept;
    }
    if (json instanceof JsonArray array) {
      JsonArray kept = new JsonArray();
      array.forEach(item -> kept.add(stable(item)));
      return kept;
    }
    return json;
  }

  @Test
  @Order(1)
  @DisplayName("Broken input to every operation, as owner and as stranger, is a 4xx with the error body and changes nothing")
  void brokenInputIsRefusedAndChangesNothing(VertxTestContext ctx) {
    List<Probe> probes = new ArrayList<>(badProbes(owner));
    probes.addAll(badProbes(stranger));
    state().compose(before -> run(probes).compose(wrong -> state().compose(after -> check(ctx, () -> {
      assertTrue(wrong.isEmpty(), wrong.size() + " of " + probes.size() + " replies were wrong:\n" + String.join("\n", wrong));
      assertEquals(before.encodePrettily(), after.encodePrettily(), "[fuzz.seed=" + SEED + "] the bad requests changed the data");
    })))).onComplete(ctx.succeedingThenComplete());
  }

  // ---- Unicode edge cases: refused where no store can keep them (NUL, lone surrogate), fine text otherwise

  private static final String LONE = "LONE_SURROGATE_HERE";
  private static final List<String[]> EDGES = List.of(
      new String[] {"NUL", "a\u0000b"}, new String[] {"lone surrogate", LONE},
      new String[] {"RTL override", "abc\u202Edef"}, new String[] {"emoji ZWJ sequence", "👩‍👩‍👧‍👦"},
      new String[] {"4-byte characters", "𝄞𐍈😀"}, new String[] {"combining marks", "e\u0301\u0308\u20DD"});

  private List<Probe> unicodeProbes(Api.Session as) {
    List<Probe> probes = new ArrayList<>();
    for (Op op : ops) {
      if (op.body() == null || !types(op.body()).contains("object")) {
        continue;
      }
      JsonObject base = (JsonObject) sample("body", op.body(), unicodeChannel);
      JsonObject props = properties(op.body());
      for (String name : props.fieldNames()) {
        JsonObject prop = props.getJsonObject(name);
        if (types(prop).contains("number")) { // numbers past what a long, an int or a double holds: raw JSON text
          for (String number : List.of("99999999999999999999999", "-9223372036854775809", "2147483648", "1e400", "-0", "1.5", "1E2", "0.0000001")) {
            String body = base.copy().put(name, LONE).encode().replace("\"" + LONE + "\"", number);
            probes.add(new Probe(name + " = " + number, as, op.method(), realPath(op, unicodeChannel), body, false, null));
          }
        }
        if (!types(prop).contains("string") || prop.containsKey("pattern") || prop.containsKey("format") || prop.containsKey("enum")
            || name.equals("password")) {
          continue;
        }
        for (String[] edge : EDGES) {
          boolean unkeepable = edge[0].equals("NUL") || edge[0].equals("lone surrogate");
          String body = base.copy().put(name, edge[1]).encode().replace(LONE, "a\\ud800b");
          probes.add(new Probe(name + " with " + edge[0], as, op.method(), realPath(op, unicodeChannel), body, unkeepable, unkeepable ? name : null));
        }
      }
    }
    return probes;
  }

  @Test
  @Order(2)
  @DisplayName("Unicode edge cases in every text field (NUL and lone surrogates a 400 naming it, the rest text) and huge numbers in every number field")
  void unicodeEdgeCases(VertxTestContext ctx) {
    List<Probe> probes = new ArrayList<>(unicodeProbes(owner));
    probes.addAll(unicodeProbes(stranger));
    run(probes).compose(wrong -> check(ctx, () ->
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + probes.size() + " replies were wrong:\n" + String.join("\n", wrong))))
        .onComplete(ctx.succeedingThenComplete());
  }

  // ---- seeded random mutations of valid bodies

  private Object randomValue(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> random.nextLong();
      case 1 -> random.nextDouble() * 1e12;
      case 2 -> randomText(random, random.nextInt(4) == 0 ? 3000 : 40);
      case 3 -> new JsonArray().add(randomText(random, 5)).add(random.nextInt());
      case 4 -> new JsonObject().put(randomText(random, 6), randomText(random, 6));
      case 5 -> random.nextBoolean();
      case 6 -> null;
      case 7 -> Long.toString(Math.abs(random.nextLong()));
      default -> "";
    };
  }

  /** Random code points from every plane, surrogate halves and controls included. */
  private static String randomText(Random random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    while (text.length() < length) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> 0x20 + random.nextInt(0x5F);
        case 1 -> random.nextInt(0x10000);
        case 2 -> 0x10000 + random.nextInt(0x100000);
        default -> random.nextInt(0x20);
      };
      text.appendCodePoint(cp);
    }
    return text.toString();
  }

  private Object mutate(Random random, Op op, Object base) {
    if (!(base instanceof JsonObject object)) {
      return random.nextInt(3) == 0 ? randomValue(random) : base;
    }
    JsonObject body = object.copy();
    List<String> names = new ArrayList<>(properties(op.body()).fieldNames());
    names.remove("password"); // a new password would end the sessions the run goes on with
    names.add(randomText(random, 8)); // a field the contract does not know
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes && !names.isEmpty(); i++) {
      String name = names.get(random.nextInt(names.size()));
      switch (random.nextInt(3)) {
        case 0 -> body.remove(name);
        case 1 -> body.put(name, randomValue(random));
        default -> body.put(name, body.containsKey(name) ? body.getValue(name) : sample(name, properties(op.body()).getJsonObject(name, new JsonObject()), unicodeChannel));
      }
    }
    String text = body.encode();
    if (random.nextInt(10) == 0) { // a duplicated field, which JsonObject cannot hold
      int brace = text.indexOf('{');
      text = text.substring(0, brace + 1) + "\"content\":\"a\",\"content\":1" + (text.length() > 2 ? "," : "") + text.substring(brace + 1);
    }
    return text;
  }

  @Test
  @Order(3)
  @DisplayName("Seeded random mutations of valid bodies are never a 5xx (replay with -Dfuzz.seed)")
  void randomMutations(VertxTestContext ctx) {
    Random random = new Random(SEED);
    List<Op> withBodies = ops.stream().filter(op -> op.body() != null).toList();
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < RANDOM_ROUNDS; i++) {
      Op op = withBodies.get(random.nextInt(withBodies.size()));
      Api.Session as = random.nextBoolean() ? owner : stranger;
      Object body = mutate(random, op, sample("body", op.body(), unicodeChannel));
      String shown = String.valueOf(body);
      probes.add(new Probe("random #" + i + " " + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown), as, op.method(), realPath(op, unicodeChannel), body, false, null));
    }
    run(probes).compose(wrong -> check(ctx, () ->
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + probes.size() + " replies were wrong:\n" + String.join("\n", wrong))))
        .onComplete(ctx.succeedingThenComplete());
  }
}
