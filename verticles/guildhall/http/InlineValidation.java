package guildhall.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
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
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import guildhall.ApiError;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Request validation against the contract, run on the event loop that received the request.
 * The library's validator does the same checks but hands every request to a worker thread and
 * back; with validators cached (see {@link CachedContract}) a check takes microseconds, so the two
 * thread hops cost more than the work, and on two cores they were the largest cost of a send left.
 *
 * <p>Two rules the library lacks are kept here, for every operation at once: a parameter's text is read
 * literally (see {@link #validateParameter}), and no string anywhere in a body may hold text a store
 * cannot keep ({@link CleanText}).
 */
final class InlineValidation extends RequestValidatorImpl {
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  InlineValidation(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
  }

  /** The handler that validates one operation's requests, storing the result where the routes read it. */
  Handler<RoutingContext> handlerFor(Operation operation) {
    return ctx -> {
      if (hasComment(ctx.body() == null ? null : ctx.body().buffer())) {
        ctx.fail(ApiError.badRequest("body", "The body is not valid JSON"));
        return;
      }
      validate(ctx, operation);
    };
  }

  /** Reads JSON as RFC 8259 writes it: Vert.x's own parser also takes comments. */
  private static final JsonFactory STRICT = new JsonFactory();

  /**
   * True when {@code body} is JSON only with comments, which Vert.x's parser skips ({@code ALLOW_COMMENTS})
   * and no other JSON reader takes: {@code // c} then {@code {}} was an empty body, so a POST that
   * meant nothing created a role. A body without a slash holds no comment and is not read twice.
   */
  static boolean hasComment(Buffer body) {
    if (body == null || !hasSlash(body)) {
      return false;
    }
    try (JsonParser parser = STRICT.createParser(body.getBytes())) {
      while (parser.nextToken() != null) {
        // each token read; a comment is an error here
      }
      return false;
    } catch (IOException notStrictJson) {
      // Malformed for any reason: a comment if Vert.x's lenient reading takes it, else left to the usual decoding error.
      try {
        io.vertx.core.json.Json.decodeValue(body);
        return true;
      } catch (RuntimeException malformedAnyway) {
        return false;
      }
    }
  }

  private static boolean hasSlash(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      if (body.getByte(i) == '/') {
        return true;
      }
    }
    return false;
  }

  private void validate(RoutingContext ctx, Operation operation) {
    extractor.extractValidatableRequest(ctx, operation)
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
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    String[] bad = body == null || body.isNull() ? null : CleanText.firstProblem(body.get(), "body");
    if (bad != null) {
      throw ApiError.badRequest(bad[0], bad[1]);
    }
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /** A whole number as a client writes one in a URL: digits, perhaps a minus; not 1e2, 1.0, +5 or 0x10. */
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

  /**
   * A single-valued parameter, taken literally. The library decodes a parameter's text as JSON before it
   * checks it, so {@code limit=1e2} became the number 100.0, which JSON Schema counts as an integer and
   * the route could not parse (a 500), and {@code before=1.5}, a string parameter, became a number and
   * failed as "must be text". Here an integer parameter is a plain whole number that fits in 64 bits or a
   * 400 naming it, and a string parameter is its text as sent; then the schema decides as before.
   */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    SchemaType type = parameter.getSchemaType();
    if (value == null || value.isNull() || type != SchemaType.INTEGER && type != SchemaType.STRING) {
      return super.validateParameter(parameter, value);
    }
    String name = parameter.getName();
    String raw = String.valueOf(value.get());
    Object literal = raw;
    if (type == SchemaType.INTEGER) {
      if (!WHOLE_NUMBER.matcher(raw).matches()) {
        throw ApiError.badRequest(name, name + " must be a whole number");
      }
      try {
        literal = Long.parseLong(raw);
      } catch (NumberFormatException tooLong) {
        throw ApiError.badRequest(name, name + " is out of range");
      }
    } else {
      String problem = CleanText.problem(raw);
      if (problem != null) {
        throw ApiError.badRequest(name, name + " must not contain " + problem);
      }
    }
    OutputUnit result = contract.getSchemaRepository().validator(parameter.getSchema()).validate(literal);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
    return new RequestParameterImpl(literal);
  }
}
