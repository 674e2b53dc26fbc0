package guildhall;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * A failure a client caused or may see, carried across the event bus as {@code fail(status, json)}:
 * the failure code is the HTTP status, the message a JSON object {code, message, field?}.
 */
public final class ApiError extends RuntimeException {
  public final int status;
  public final String code;
  public final String field;
  /** Seconds until a rate-limited request may be retried; negative for every other error. */
  public final double retryAfter;
  /** A rate limit on all of a user's requests rather than one route's (Discord's {@code global}). */
  public final boolean global;

  public ApiError(int status, String code, String message, String field) {
    this(status, code, message, field, -1);
  }

  private ApiError(int status, String code, String message, String field, double retryAfter, boolean global) {
    super(message, null, false, false); // no stack trace: these are expected outcomes
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.global = global;
  }

  private ApiError(int status, String code, String message, String field, double retryAfter) {
    this(status, code, message, field, retryAfter, false);
  }

  public static ApiError rateLimited(double retryAfterSeconds, String message, boolean global) {
    return new ApiError(429, "rate_limited", message, null, Math.ceil(retryAfterSeconds * 1000) / 1000, global);
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, "invalid", message, field);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, null);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message, null);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", "Unknown " + what, null);
  }

  public static ApiError conflict(String field, String message) {
    return new ApiError(409, "conflict", message, field);
  }

  /** The server cannot serve the request for now (its database cannot commit, say); the same request may succeed later. */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message, null);
  }

  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (field != null) {
      error.put("field", field);
    }
    if (retryAfter >= 0) {
      error.put("retry_after", retryAfter);
      // Discord's clients read these at the top level of a 429.
      return new JsonObject().put("error", error).put("message", getMessage()).put("retry_after", retryAfter).put("global", global);
    }
    return new JsonObject().put("error", error);
  }

  /** Replies to a bus request with this error, or with a 500 for anything unexpected. */
  public static void replyFailure(Message<?> message, Throwable failure) {
    if (failure instanceof ApiError e) {
      message.fail(e.status, e.toJson().encode());
    } else if (failure instanceof ReplyException r && r.failureCode() >= 400 && r.failureCode() < 600) {
      message.fail(r.failureCode(), r.getMessage()); // pass on what another verticle decided
    } else {
      message.fail(500, new ApiError(500, "internal", "Internal error", null).toJson().encode());
    }
  }

  /** The reverse of {@link #replyFailure}: what a bus failure means to a client. */
  public static ApiError fromReply(Throwable failure) {
    if (failure instanceof ApiError e) {
      return e;
    }
    if (failure instanceof ReplyException r) {
      if (r.failureCode() >= 400 && r.failureCode() < 600) {
        try {
          JsonObject error = new JsonObject(r.getMessage()).getJsonObject("error");
          return new ApiError(r.failureCode(), error.getString("code"), error.getString("message"), error.getString("field"));
        } catch (RuntimeException notJson) {
          return new ApiError(r.failureCode(), "error", String.valueOf(r.getMessage()), null);
        }
      }
      if (r.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT
          || r.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
        return new ApiError(503, "unavailable", "Service busy, try again", null);
      }
    }
    return null;
  }
}
