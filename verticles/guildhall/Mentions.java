package guildhall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mentions a message's text asks for, in Discord's syntax: {@code <@id>} and {@code <@!id>} (a user),
 * {@code <@&id>} (a role), {@code @everyone} and {@code @here}. Only what the text asks for: whether the
 * users exist, the roles are the guild's and the author may ping everyone is decided elsewhere.
 */
public record Mentions(Set<Long> userIds, Set<Long> roleIds, boolean everyone) {
  public static final Mentions NONE = new Mentions(Set.of(), Set.of(), false);
  /** More than this many distinct ids of one kind are ignored: a message is 2,000 characters, a ping list need not be. */
  static final int MAX_IDS = 50;
  // <@123>, <@!123> (Discord's old nickname form) and <@&123>; 20 digits at most, as a 64-bit id has.
  private static final Pattern TAG = Pattern.compile("<@([!&]?)(\\d{1,20})>");
  private static final Pattern EVERYONE = Pattern.compile("@(everyone|here)\\b");

  /** Cheap for the many messages that mention no one: no '@', no regex. */
  public static Mentions parse(String content) {
    if (content == null || content.indexOf('@') < 0) {
      return NONE;
    }
    Set<Long> users = new LinkedHashSet<>();
    Set<Long> roles = new LinkedHashSet<>();
    if (content.contains("<@")) {
      Matcher m = TAG.matcher(content);
      while (m.find()) {
        Long id = idOrNull(m.group(2));
        if (id == null) {
          continue;
        }
        Set<Long> into = "&".equals(m.group(1)) ? roles : users;
        if (into.size() < MAX_IDS) {
          into.add(id);
        }
      }
    }
    boolean everyone = (content.contains("@everyone") || content.contains("@here")) && EVERYONE.matcher(content).find();
    return users.isEmpty() && roles.isEmpty() && !everyone ? NONE : new Mentions(users, roles, everyone);
  }

  public boolean isEmpty() {
    return userIds.isEmpty() && roleIds.isEmpty() && !everyone;
  }

  private static Long idOrNull(String digits) {
    try {
      long id = Long.parseLong(digits);
      return id > 0 ? id : null;
    } catch (NumberFormatException e) { // 20 digits may pass 2^63
      return null;
    }
  }

  /** As the permissions verticle is asked: {user_ids, role_ids, everyone}, ids as strings. */
  public JsonObject toJson() {
    JsonArray users = new JsonArray();
    userIds.forEach(id -> users.add(Ids.str(id)));
    JsonArray roles = new JsonArray();
    roleIds.forEach(id -> roles.add(Ids.str(id)));
    return new JsonObject().put("user_ids", users).put("role_ids", roles).put("everyone", everyone);
  }
}
