package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auth.require_password}, as the production examples set it: a new name must choose a password
 * at its first login, and a name made while passwords were optional sets one at its next; the client
 * learns which rule holds from {@code GET /auth/config}, before any token. Off (the laptop default),
 * a name signs in without one.
 */
class RequirePasswordTest extends AsyncApiTestBase {
  @Override
  protected JsonObject configOverrides() {
    return new JsonObject().put("auth", new JsonObject().put("require_password", true));
  }

  private io.vertx.core.Future<Api.Reply> login(String name, String password) {
    JsonObject body = new JsonObject().put("username", name);
    if (password != null) {
      body.put("password", password);
    }
    return api.send("POST", "/auth/login", body, null);
  }

  @Test
  @DisplayName("Required: /auth/config says so without a token; a new name without a password, or a short one, is refused naming password")
  void newNamesChooseAPassword(VertxTestContext ctx) {
    String name = unique("careful");
    api.send("GET", "/auth/config", null, null).compose(config -> login(name, null).compose(none -> login(name, "short")
        .compose(tooShort -> login(name, "long enough 1").compose(made -> login(name, null).compose(again -> check(ctx, () -> {
          assertEquals(200, config.status());
          assertEquals(true, config.json().getBoolean("require_password"));
          assertEquals(401, none.status(), none.toString());
          assertEquals("password_required", none.json().getJsonObject("error").getString("code"));
          assertEquals("password", none.field());
          assertEquals(400, tooShort.status(), tooShort.toString());
          assertEquals("password", tooShort.field());
          assertEquals(200, made.status(), made.toString());
          assertTrue(made.json().getJsonObject("user").getBoolean("has_password"));
          assertEquals(401, again.status(), "the name is now its owner's: " + again);
        }))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Required: a name made without a password sets one at its next login, and whoever else was signed in as it is signed out")
  void oldNamesSetOneAtNextLogin(VertxTestContext ctx) {
    String name = unique("legacy");
    login(name, "first password").compose(made -> blocking(() -> {
      // As if made before passwords were required: no password at all.
      try (Connection db = DriverManager.getConnection(app.databaseUrl.startsWith("jdbc:") ? app.databaseUrl : "jdbc:" + app.databaseUrl.replace("postgres@", ""), "postgres", "")) {
        db.createStatement().executeUpdate("UPDATE users SET password_hash = NULL WHERE username = '" + name + "'");
      }
      return made.json().getString("token");
    })).compose(otherToken -> login(name, null).compose(none -> login(name, "my own now").compose(set ->
        api.send("GET", "/users/@me", null, otherToken).compose(other -> check(ctx, () -> {
          assertEquals(401, none.status(), none.toString());
          assertEquals("password_required", none.json().getJsonObject("error").getString("code"));
          assertEquals(200, set.status(), set.toString());
          assertTrue(set.json().getJsonObject("user").getBoolean("has_password"));
          assertEquals(401, other.status(), "the session from before the password is over");
        })))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Off, the laptop default: /auth/config says so, and a new name signs in with no password")
  void offByDefault(VertxTestContext ctx) {
    onItsOwnServer(new JsonObject(), (server, open) -> open.send("GET", "/auth/config", null, null)
        .compose(config -> open.send("POST", "/auth/login", new JsonObject().put("username", unique("easy")), null)
            .compose(in -> check(ctx, () -> {
              assertEquals(false, config.json().getBoolean("require_password"));
              assertEquals(200, in.status());
              assertFalse(in.json().getJsonObject("user").getBoolean("has_password"));
            }))))
        .onComplete(ctx.succeedingThenComplete());
  }
}
