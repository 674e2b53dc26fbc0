package guildhall.unit;

import guildhall.EventType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's event catalogue and the web client's agree: the same names, a reducer for each, the same ephemeral ones. */
class EventCatalogueTest {
  private static final Path WEBROOT = Path.of("webroot", "js");

  /** The quoted event names of the list in events.js that {@code declaration} finds (its first group). */
  private static Set<String> namesIn(String declaration, String what) throws Exception {
    String events = Files.readString(WEBROOT.resolve("events.js"));
    Matcher list = Pattern.compile(declaration, Pattern.DOTALL).matcher(events);
    assertTrue(list.find(), "events.js declares " + what);
    Set<String> names = new TreeSet<>();
    Matcher name = Pattern.compile("'([A-Z_]+)'").matcher(list.group(1));
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }

  @Test
  @DisplayName("The client lists exactly the server's event types")
  void sameNames() throws Exception {
    Set<String> client = namesIn("EVENT_TYPES = \\[(.*?)\\];", "EVENT_TYPES");
    assertEquals(new TreeSet<>(Arrays.stream(EventType.values()).map(Enum::name).toList()), client);
  }

  @Test
  @DisplayName("Every event type but stream control has a reducer in the client's store (store.js or its domain modules under state/)")
  void everyTypeHasAReducer() throws Exception {
    StringBuilder sources = new StringBuilder(Files.readString(WEBROOT.resolve("store.js")));
    try (var domains = Files.list(WEBROOT.resolve("state"))) {
      for (Path p : domains.filter(f -> f.toString().endsWith(".js")).sorted().toList()) {
        sources.append('\n').append(Files.readString(p));
      }
    }
    String store = sources.toString();
    for (EventType type : EventType.values()) {
      if (type.audience == EventType.Audience.ONE_STREAM) {
        continue;
      }
      assertTrue(Pattern.compile("\\n  " + type.name() + "[(:]").matcher(store).find(), "store.js has a reducer for " + type);
    }
  }

  @Test
  @DisplayName("The client's ephemeral types (no id, never replayed) are exactly those of the audiences replay never asks: presence to shared guilds, typing to the viewers who show a large guild")
  void ephemeralTypesHaveUnloggedAudiences() throws Exception {
    Set<String> ephemeral = namesIn("EPHEMERAL = new Set\\(\\[(.*?)\\]\\);", "EPHEMERAL");
    Set<EventType.Audience> unlogged = EnumSet.of(EventType.Audience.SHARED_GUILDS, EventType.Audience.CHANNEL_VIEWERS_SHOWING);
    for (EventType type : EventType.values()) {
      if (type.audience != EventType.Audience.ONE_STREAM) {
        assertEquals(ephemeral.contains(type.name()), unlogged.contains(type.audience), type + " (" + type.audience + ")");
      }
    }
    assertEquals(EventType.Audience.CHANNEL_VIEWERS_SHOWING, EventType.TYPING_START.audience);
    assertEquals(EventType.Audience.SHARED_GUILDS, EventType.PRESENCE_UPDATE.audience);
  }

  @Test
  @DisplayName("A permission audience names its permission; no other kind does")
  void permissionAudiencesNameTheirBits() {
    for (EventType type : EventType.values()) {
      assertEquals(type.audience == EventType.Audience.PERMISSION_HOLDERS, type.permission != 0, type.name());
    }
  }
}
