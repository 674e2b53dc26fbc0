package guildhall.support;

import guildhall.http.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract's word on the update stream: for each event type, the schema of its {@code data}
 * ({@code x-events} on {@code /api/v1/updates} names it) and whether it may carry an {@code id:}
 * (the {@code Event} schema's branch for the type declares one or not). Loaded once per JVM from
 * openapi.yaml, through the same vertx-openapi parser and JSON Schema validator as the server's
 * request validation. {@link SseClient} checks every frame any test receives against it.
 */
public final class EventSchemas {
  private static volatile EventSchemas instance;

  private final Map<String, Validator> data = new HashMap<>();
  private final Map<String, String> schemaNames = new HashMap<>();
  private final Set<String> mayHaveId = new TreeSet<>();

  private EventSchemas(OpenAPIContract contract) {
    JsonObject raw = contract.getRawContract();
    JsonObject schemas = raw.getJsonObject("components").getJsonObject("schemas");
    JsonObject events = raw.getJsonObject("paths").getJsonObject("/api/v1/updates").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200").getJsonObject("x-events");
    if (events == null || events.isEmpty()) {
      throw new IllegalStateException("openapi.yaml: /api/v1/updates 200 has no x-events");
    }
    String prefix = "#/components/schemas/";
    for (String type : events.fieldNames()) {
      if (!JsonSchema.EXCLUDE_ANNOTATIONS.test(type)) {
        continue; // the parser's own annotations, such as __absolute_uri__
      }
      String pointer = events.getString(type);
      if (!pointer.startsWith(prefix) || !schemas.containsKey(pointer.substring(prefix.length()))) {
        throw new IllegalStateException("openapi.yaml: x-events " + type + " points at no schema: " + pointer);
      }
      String name = pointer.substring(prefix.length());
      schemaNames.put(type, name);
      data.put(type, contract.getSchemaRepository().validator(JsonSchema.of(schemas.getJsonObject(name))));
    }
    for (Object branch : schemas.getJsonObject("Event").getJsonArray("oneOf")) {
      JsonObject properties = ((JsonObject) branch).getJsonObject("properties");
      String type = properties.getJsonObject("event").getString("const");
      if (properties.containsKey("id")) {
        mayHaveId.add(type);
      }
    }
  }

  /** The contract's event schemas, read from openapi.yaml the first time they are asked for. */
  public static EventSchemas get() {
    EventSchemas loaded = instance;
    if (loaded == null) {
      synchronized (EventSchemas.class) {
        if (instance == null) {
          instance = load();
        }
        loaded = instance;
      }
    }
    return loaded;
  }

  private static EventSchemas load() {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject raw = Utils.readYamlOrJson(vertx, "openapi.yaml").await();
      return new EventSchemas(OpenAPIContract.from(vertx, HttpVerticle.forParser(raw)).await());
    } finally {
      vertx.close(); // validation itself needs no Vert.x instance
    }
  }

  /** The event types the contract declares. */
  public Set<String> types() {
    return new TreeSet<>(data.keySet());
  }

  /** Why a frame breaks the contract, or null when it does not. Synchronized: validators are not shared between threads. */
  public synchronized String problem(String id, String type, JsonObject json) {
    Validator validator = data.get(type);
    if (validator == null) {
      return "event type " + type + " is not declared in openapi.yaml (x-events on /api/v1/updates knows " + types() + ")";
    }
    if (id != null && !mayHaveId.contains(type)) {
      return type + " carries id " + id + ", but the contract says it is ephemeral (no id)";
    }
    OutputUnit result = validator.validate(json);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    List<String> errors = new ArrayList<>();
    collect(result, errors);
    String text = json.encode();
    return type + " data does not match " + schemaNames.get(type) + ": " + String.join("; ", errors)
        + "\n  data: " + (text.length() > 600 ? text.substring(0, 600) + "…" : text);
  }

  /** Fails with a clear message unless {@code data} is what the contract says a {@code type} event carries. */
  public void validate(String type, JsonObject json) {
    String problem = problem(null, type, json);
    if (problem != null) {
      throw new AssertionError(problem);
    }
  }

  private static void collect(OutputUnit unit, List<String> out) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      if (unit.getError() != null) {
        out.add(where(unit) + unit.getError());
      }
      return;
    }
    for (OutputUnit error : errors) {
      collect(error, out);
    }
  }

  private static String where(OutputUnit unit) {
    String at = unit.getInstanceLocation();
    return (at == null || at.isEmpty() ? "/" : at) + " (" + unit.getKeywordLocation() + "): ";
  }
}
