package guildhall.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a client knows of one channel's messages, built the way a client builds it: from a page of
 * history, then events applied in arrival order, each event id applied once. Comparable with the
 * server's own answer, so a test can prove that snapshot + events = the server's state.
 */
public final class ChannelModel {
  private final String channelId;
  private final String selfId;
  /** message id → {content, edited, reactions emoji → count}. */
  private final TreeMap<Long, JsonObject> messages = new TreeMap<>();
  private final Set<String> appliedEventIds = new HashSet<>();

  public ChannelModel(String channelId, String selfId) {
    this.channelId = channelId;
    this.selfId = selfId;
  }

  /** The whole channel as the server has it now, paged back with before=. */
  public static ChannelModel fromServer(ApiClient.Session session, String channelId) {
    ChannelModel model = new ChannelModel(channelId, session.userId());
    String before = null;
    while (true) {
      JsonArray page = session.get("/channels/" + channelId + "/messages?limit=100" + (before == null ? "" : "&before=" + before)).array();
      if (page.isEmpty()) {
        return model;
      }
      for (Object m : page) {
        model.put((JsonObject) m);
      }
      before = page.getJsonObject(page.size() - 1).getString("id");
    }
  }

  private void put(JsonObject message) {
    JsonObject reactions = new JsonObject();
    for (Object r : message.getJsonArray("reactions", new JsonArray())) {
      JsonObject reaction = (JsonObject) r;
      reactions.put(reaction.getJsonObject("emoji").getString("name"), reaction.getInteger("count"));
    }
    messages.put(Long.parseLong(message.getString("id")), new JsonObject()
        .put("content", message.getString("content"))
        .put("edited", message.getString("edited_timestamp"))
        .put("reactions", reactions));
  }

  /** Applies one event, unless its id was applied before. Events of other channels are ignored. */
  public void apply(SseClient.Event event) {
    if (event.id() != null && !appliedEventIds.add(event.id())) {
      return;
    }
    JsonObject data = event.data();
    if (!channelId.equals(data.getString("channel_id"))) {
      return;
    }
    switch (event.type()) {
      case "MESSAGE_CREATE" -> put(data);
      case "MESSAGE_UPDATE" -> {
        JsonObject known = messages.get(Long.parseLong(data.getString("id")));
        if (known != null) {
          known.put("content", data.getString("content")).put("edited", data.getString("edited_timestamp"));
        }
      }
      case "MESSAGE_DELETE" -> messages.remove(Long.parseLong(data.getString("id")));
      case "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE" -> {
        JsonObject known = messages.get(Long.parseLong(data.getString("message_id")));
        if (known != null) {
          String emoji = data.getJsonObject("emoji").getString("name");
          JsonObject reactions = known.getJsonObject("reactions");
          int count = data.containsKey("count") ? data.getInteger("count")
              : reactions.getInteger(emoji, 0) + (event.type().endsWith("ADD") ? 1 : -1);
          if (count <= 0) {
            reactions.remove(emoji);
          } else {
            reactions.put(emoji, count);
          }
        }
      }
      default -> { }
    }
  }

  public Map<Long, JsonObject> messages() {
    return messages;
  }

  public int size() {
    return messages.size();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelModel m && m.messages.equals(messages);
  }

  @Override
  public int hashCode() {
    return messages.hashCode();
  }

  @Override
  public String toString() {
    return messages.size() + " messages, last " + (messages.isEmpty() ? "-" : messages.lastEntry());
  }

  public String selfId() {
    return selfId;
  }
}
