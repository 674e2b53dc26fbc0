package guildhall.http;

import guildhall.ApiError;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into {@code {"error":{"code","message","field"?}}} with the right status.
 * Contract violations become 400 naming the field; nothing a client sends yields a stack trace.
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private static final Pattern PARAMETER = Pattern.compile("parameter ([A-Za-z0-9_\\-]+)");

  private Failures() {}

  static void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset(); // a stream already under way: nothing sensible to add
      return;
    }
    ApiError error = toApiError(ctx);
    if (error.retryAfter >= 0) {
      ctx.response().putHeader("Retry-After", Long.toString((long) Math.ceil(error.retryAfter)));
    }
    Api.reply(ctx, error.status, error.toJson());
  }

  private static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiError fromBus = failure == null ? null : ApiError.fromReply(failure);
    if (fromBus != null) {
      return fromBus;
    }
    if (failure instanceof HttpException http) {
      Throwable cause = http.getCause();
      if (cause instanceof ValidatorException validation) {
        return fromValidation(validation);
      }
      if (cause instanceof DecodeException) {
        return ApiError.badRequest("body", "The body is not valid JSON");
      }
      return byStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof ValidatorException validation) {
      return fromValidation(validation);
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException && failure.getCause() instanceof DecodeException) {
      return ApiError.badRequest("body", "The body is not valid JSON");
    }
    if (failure == null) {
      return byStatus(ctx.statusCode(), null);
    }
    AccessLog.withRequestId(ctx, () -> log.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure));
    return new ApiError(500, "internal", "Internal error", null);
  }

  static ApiError byStatus(int status, String detail) {
    return switch (status) {
      case 400 -> ApiError.badRequest(null, detail == null ? "Bad request" : detail);
      case 401 -> ApiError.unauthorized("Missing or invalid token");
      case 404 -> new ApiError(404, "not_found", "No such endpoint", null);
      case 405 -> new ApiError(405, "method_not_allowed", "Method not allowed", null);
      case 413 -> new ApiError(413, "too_large", "The body is too large", "body");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send application/json", "body");
      default -> status >= 400 && status < 500 ? new ApiError(status, "error", detail == null ? "Request failed" : detail, null)
          : new ApiError(500, "internal", "Internal error", null);
    };
  }

  private static ApiError fromValidation(ValidatorException e) {
    String parameter = null;
    if (e.getMessage() != null) {
      Matcher m = PARAMETER.matcher(e.getMessage());
      if (m.find()) {
        parameter = m.group(1);
      }
    }
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      PlainWords.Violation violation = PlainWords.of(schema.getOutputUnit(), parameter == null ? "body" : parameter);
      if (violation != null) {
        return ApiError.badRequest(violation.field(), violation.message());
      }
    }
    String field = parameter == null ? "body" : parameter;
    if (e.getMessage() != null && e.getMessage().contains("can't be decoded")) {
      return ApiError.badRequest(field, "The body is not valid JSON");
    }
    return ApiError.badRequest(field, field + ": " + e.getMessage());
  }
}
