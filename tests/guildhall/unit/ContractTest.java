package guildhall.unit;

import guildhall.http.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    OpenAPIContract checked = OpenAPIContract.from(vertx, "openapi.yaml").await(); // fails on any meta-schema violation
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
}
