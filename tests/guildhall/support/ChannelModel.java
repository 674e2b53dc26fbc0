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

  /** One message as a page of history has it. */
  public void put(JsonObject message) {
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
  public void apply(String id, String type, JsonObject data) {
    if (id != null && !appliedEventIds.add(id)) {
      return;
    }
    if (!channelId.equals(data.getString("channel_id"))) {
      return;
    }
    switch (type) {
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
              : reactions.getInteger(emoji, 0) + (type.endsWith("ADD") ? 1 : -1);
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
