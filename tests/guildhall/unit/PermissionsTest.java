package guildhall.unit;

import guildhall.permissions.Permissions;
import guildhall.permissions.Permissions.Overwrite;
import guildhall.permissions.Permissions.Subject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static guildhall.permissions.Permissions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Discord's documented precedence, one narrated row per rule. Guild 100, owner 1, member 2,
 * roles 200 ("mods") and 201 ("muted").
 */
class PermissionsTest {
  static final long GUILD = 100;
  static final long OWNER = 1;
  static final long MEMBER = 2;
  static final long MODS = 200;
  static final long MUTED = 201;
  static final long EVERYONE_BITS = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | ADD_REACTIONS | MENTION_EVERYONE;

  static Subject member(List<Long> roleIds, List<Long> rolePerms, boolean timedOut) {
    return new Subject(MEMBER, GUILD, OWNER, EVERYONE_BITS, rolePerms, roleIds, timedOut);
  }

  static Overwrite role(long id, long allow, long deny) {
    return new Overwrite(id, false, allow, deny);
  }

  static Overwrite user(long id, long allow, long deny) {
    return new Overwrite(id, true, allow, deny);
  }

  static Stream<Arguments> cases() {
    Subject plain = member(List.of(), List.of(), false);
    Subject mod = member(List.of(MODS), List.of(MANAGE_MESSAGES), false);
    Subject admin = member(List.of(MODS), List.of(ADMINISTRATOR), false);
    Subject modAndMuted = member(List.of(MODS, MUTED), List.of(0L, 0L), false);
    Subject timedOut = member(List.of(MODS), List.of(MANAGE_MESSAGES), true);
    Subject owner = new Subject(OWNER, GUILD, OWNER, 0, List.of(), List.of(), true);
    return Stream.of(
        Arguments.of("the owner has every permission, whatever the overwrites and even timed out",
            owner, List.of(role(GUILD, 0, ALL)), ALL),
        Arguments.of("a plain member has @everyone's bits",
            plain, List.of(), EVERYONE_BITS),
        Arguments.of("a role adds its bits to @everyone's",
            mod, List.of(), EVERYONE_BITS | MANAGE_MESSAGES),
        Arguments.of("ADMINISTRATOR means all and skips overwrites",
            admin, List.of(role(GUILD, 0, VIEW_CHANNEL), role(MODS, 0, ALL)), ALL),
        Arguments.of("an @everyone deny hides the channel: no VIEW_CHANNEL means nothing at all",
            plain, List.of(role(GUILD, 0, VIEW_CHANNEL)), 0L),
        Arguments.of("@everyone deny with a role allow: the role's allow wins",
            mod, List.of(role(GUILD, 0, SEND_MESSAGES), role(MODS, SEND_MESSAGES, 0)), EVERYONE_BITS | MANAGE_MESSAGES),
        Arguments.of("role overwrites apply together: one role's allow beats another's deny",
            modAndMuted, List.of(role(MUTED, 0, SEND_MESSAGES), role(MODS, SEND_MESSAGES, 0)), EVERYONE_BITS),
        Arguments.of("a member's own overwrite beats their roles' overwrites",
            mod, List.of(role(MODS, SEND_MESSAGES, 0), user(MEMBER, 0, SEND_MESSAGES)),
            (EVERYONE_BITS | MANAGE_MESSAGES) & ~SEND_MESSAGES & ~MENTION_EVERYONE),
        Arguments.of("a member overwrite can show a channel @everyone cannot see",
            plain, List.of(role(GUILD, 0, VIEW_CHANNEL), user(MEMBER, VIEW_CHANNEL, 0)), EVERYONE_BITS),
        Arguments.of("another member's overwrite does not apply",
            plain, List.of(user(99, 0, VIEW_CHANNEL)), EVERYONE_BITS),
        Arguments.of("no SEND_MESSAGES also means no MENTION_EVERYONE",
            plain, List.of(role(GUILD, 0, SEND_MESSAGES)), EVERYONE_BITS & ~SEND_MESSAGES & ~MENTION_EVERYONE),
        Arguments.of("a timed-out member keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY",
            timedOut, List.of(), VIEW_CHANNEL | READ_MESSAGE_HISTORY),
        Arguments.of("a timed-out member's hidden channel stays hidden",
            timedOut, List.of(role(GUILD, 0, VIEW_CHANNEL)), 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inChannel(String rule, Subject subject, List<Overwrite> overwrites, long expected) {
    assertEquals(expected, Permissions.inChannel(subject, overwrites), rule);
  }

  @org.junit.jupiter.api.Test
  void guildLevelTimeoutAndAdmin() {
    assertEquals(VIEW_CHANNEL | READ_MESSAGE_HISTORY, Permissions.base(member(List.of(), List.of(), true)));
    assertEquals(ALL, Permissions.base(member(List.of(MODS), List.of(ADMINISTRATOR), true)), "administrators are exempt from timeouts");
  }
}
