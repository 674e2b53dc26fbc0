package guildhall.unit;

import guildhall.http.HttpVerticle;
import guildhall.support.EventSchemas;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.impl.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server reads openapi.yaml without checking it against the OpenAPI meta-schema (to start faster); this checks it. */
class ContractTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Each operation as "METHOD path operationId". */
  private static Set<String> operations(OpenAPIContract contract) {
    return contract.operations().stream().map(op -> op.getHttpMethod() + " " + op.getOpenAPIPath() + " " + op.getOperationId())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("openapi.yaml is a valid OpenAPI 3.1 document, and the server reads the same operations from it")
  void contractIsValidAndServedAsIs() {
    JsonObject raw = Utils.readYamlOrJson(vertx, "openapi.yaml").await();
    OpenAPIVersion version = OpenAPIVersion.fromContract(raw);
    // The file as written (relative server url, text/event-stream) against the OpenAPI 3.1 meta-schema ...
    OutputUnit valid = version.validateContract(vertx, version.getRepository(vertx, "app://").await(), raw).await();
    assertTrue(Boolean.TRUE.equals(valid.getValid()), "openapi.yaml breaks the OpenAPI meta-schema: " + valid.toJson().encode());
    // ... and, as the server gives it to the parser, fully checked and parsed.
    OpenAPIContract checked = OpenAPIContract.from(vertx, HttpVerticle.forParser(raw)).await(); // fails on any meta-schema violation
    OpenAPIContract served = HttpVerticle.loadContract(vertx).await();
    Set<String> checkedOps = operations(checked);
    Set<String> servedOps = operations(served);
    assertTrue(checkedOps.size() >= 39, "operations: " + checkedOps.size());
    assertEquals(checkedOps, servedOps);
    for (Operation op : checked.operations()) {
      Operation same = served.operation(op.getOperationId());
      assertEquals(op.getParameters().size(), same.getParameters().size(), op.getOperationId() + " parameters");
      assertEquals(op.getRequestBody() == null, same.getRequestBody() == null, op.getOperationId() + " body");
    }
  }

  @Test
  @DisplayName("Every event type has a schema for its data, and a frame that breaks one is told from one that does not")
  void eventSchemas() {
    EventSchemas schemas = EventSchemas.get();
    // The catalogue, every entry: a type added there without a schema here fails.
    assertEquals(java.util.Arrays.stream(guildhall.EventType.values()).map(Enum::name).collect(java.util.stream.Collectors.toSet()),
        schemas.types());
    assertNull(schemas.problem("12", "GUILD_DELETE", new JsonObject().put("id", "34")));
    assertNotNull(schemas.problem("12", "GUILD_DELETE", new JsonObject().put("id", 34)), "an id as a number");
    assertNotNull(schemas.problem("12", "GUILD_DELETE", new JsonObject().put("id", "34").put("name", "x")), "an undeclared field");
    assertNotNull(schemas.problem("12", "NO_SUCH_EVENT", new JsonObject()), "an unknown type");
    JsonObject typing = new JsonObject().put("channel_id", "1").put("guild_id", "2").put("user_id", "3").put("timestamp", 1_700_000_000);
    assertNull(schemas.problem(null, "TYPING_START", typing));
    assertNotNull(schemas.problem("12", "TYPING_START", typing), "an id on an ephemeral event");
    assertNull(schemas.problem(null, "RESUMED", new JsonObject().put("replayed", 3)));
    assertNotNull(schemas.problem(null, "RESUMED", new JsonObject()), "RESUMED without its count");
    assertNull(schemas.problem(null, "RESYNC", new JsonObject()));
    String problem = schemas.problem("12", "MESSAGE_DELETE", new JsonObject().put("id", "1").put("channel_id", "2"));
    assertTrue(problem != null && problem.contains("MessageDeleteEvent"), "names the schema: " + problem);
  }
}
