package guildhall.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;

import java.util.HashMap;
import java.util.Map;

/**
 * Request validation against the contract, run on the event loop that received the request.
 * The library's validator does the same checks but hands every request to a worker thread and
 * back; with validators cached (see {@link CachedContract}) a check takes microseconds, so the two
 * thread hops cost more than the work, and on two cores they were the largest cost of a send left.
 */
final class InlineValidation extends RequestValidatorImpl {
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  InlineValidation(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
  }

  /** The handler that validates one operation's requests, storing the result where the routes read it. */
  Handler<RoutingContext> handlerFor(Operation operation) {
    return ctx -> extractor.extractValidatableRequest(ctx, operation)
        .map(request -> validateNow(request, operation))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(e instanceof ValidatorException ? new HttpException(400, e.getMessage(), e) : e));
  }

  /** The same steps as the library's asynchronous validate, done here and now. */
  private ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter param : operation.getParameters()) {
      switch (param.getIn()) {
        case COOKIE -> cookies.put(param.getName(), validateParameter(param, request.getCookies().get(param.getName())));
        case HEADER -> headers.put(param.getName(), validateParameter(param, request.getHeaders().get(param.getName())));
        case PATH -> path.put(param.getName(), validateParameter(param, request.getPathParameters().get(param.getName())));
        case QUERY -> query.put(param.getName(), validateParameter(param, request.getQuery().get(param.getName())));
      }
    }
    return new ValidatedRequestImpl(cookies, headers, path, query, validateBody(operation.getRequestBody(), request));
  }
}
