package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message formatting, Discord's Markdown subset: a table of inputs run through the client's real
 * renderer (js/markdown/render.js) in Chromium, then two people chatting at desktop and phone sizes.
 */
class MarkdownBrowserTest extends BrowserTestBase {
  private static WebDriver table;

  /** The browser the table runs in, opened on first use (the chat tests bring their own). */
  private static WebDriver table() {
    if (table == null) {
      table = Browsers.chrome(1280, 800);
      table.manage().timeouts().scriptTimeout(Duration.ofSeconds(60)); // the first import loads markdown-it's ~75 modules
      try {
        table.get(app.baseUrl() + "/"); // the page's import map resolves preact and markdown-it
      } catch (org.openqa.selenium.TimeoutException slowMachine) {
        table.get(app.baseUrl() + "/"); // once more: on a loaded machine the first load can time out
      }
    }
    return table;
  }

  @AfterAll
  static void closeTableBrowser() {
    Browsers.quit(table);
    table = null;
  }

  // A guild 900 with two members (one with a nickname), two roles (one too dark to show in its own
  // colour) and a channel; user 109 is known only from the message's mentions array.
  private static final String RENDER = """
      const [source, done] = [arguments[0], arguments[arguments.length - 1]];
      (async () => {
        const { h, render } = await import('preact');
        const md = await import('/js/markdown/render.js');
        const state = {
          me: { id: '101', username: 'alice' },
          members: { '900': {
            '101': { user: { id: '101', username: 'alice' }, nick: 'Captain', roles: [] },
            '102': { user: { id: '102', username: 'bob', global_name: 'Bobby' }, nick: null, roles: [] } } },
          roles: { '900': {
            '201': { id: '201', name: 'Gold', color: 0xf1c40f },
            '202': { id: '202', name: 'Night', color: 0x1a1a40 } } },
          channels: { '301': { id: '301', name: 'tavern', guild_id: '900', type: 0 } },
          threads: {},
        };
        const message = { channel_id: '301', content: source, mentions: [{ id: '109', username: 'nine', global_name: 'Nina' }] };
        const el = document.createElement('div');
        render(h('div', null, md.renderMarkdown(source, { state, guildId: '900', message, openChannel() {} })), el);
        // Attributes that do not change what is shown are left out of the comparison.
        const html = el.firstChild.innerHTML
          .replace(/ (data-testid|data-mention|aria-[a-z]+|tabindex|role|type)="[^"]*"/g, '')
          .replace(/ inert=""/g, ' inert');
        done(html);
      })().catch((e) => done('ERROR ' + e.stack));
      """;

  private static String rendered(String source) {
    return (String) ((JavascriptExecutor) table()).executeAsyncScript(RENDER, source);
  }

  private static final String LINK = " target=\"_blank\" rel=\"noopener noreferrer\"";

  static Stream<Arguments> formatting() {
    return Stream.of(
        Arguments.of("plain text stays as it is", "hello world", "<span class=\"md-p\">hello world</span>"),
        Arguments.of("bold", "**bold**", "<span class=\"md-p\"><strong>bold</strong></span>"),
        Arguments.of("italic with stars and underscores", "*one* _two_", "<span class=\"md-p\"><em>one</em> <em>two</em></span>"),
        Arguments.of("underline is Discord's __", "__under__", "<span class=\"md-p\"><u>under</u></span>"),
        Arguments.of("strikethrough", "~~gone~~", "<span class=\"md-p\"><s>gone</s></span>"),
        Arguments.of("nested: bold italic underline", "***__all__***",
            "<span class=\"md-p\"><em><strong><u>all</u></strong></em></span>"),
        Arguments.of("inline code keeps markup literal", "`**not bold**`",
            "<span class=\"md-p\"><code class=\"md-code\">**not bold**</code></span>"),
        Arguments.of("a code block with a language label keeps ** and <b> literal", "```js\nlet a = **b**;\n<b>x</b>\n```",
            "<div class=\"md-codeblock\"><div class=\"md-code-lang\">js</div><pre><code>let a = **b**;\n&lt;b&gt;x&lt;/b&gt;</code></pre></div>"),
        Arguments.of("a one-line ```code``` is a block", "```one line```",
            "<span class=\"md-p\"><div class=\"md-codeblock\"><pre><code>one line</code></pre></div></span>"),
        Arguments.of("an http link opens in a new tab", "see https://example.com/a?b=1",
            "<span class=\"md-p\">see <a href=\"https://example.com/a?b=1\"" + LINK + ">https://example.com/a?b=1</a></span>"),
        Arguments.of("a masked https link", "[the docs](https://example.com)",
            "<span class=\"md-p\"><a href=\"https://example.com\"" + LINK + ">the docs</a></span>"),
        Arguments.of("a mailto link", "mailto:ada@example.com",
            "<span class=\"md-p\"><a href=\"mailto:ada@example.com\"" + LINK + ">mailto:ada@example.com</a></span>"),
        Arguments.of("javascript: stays text", "[click](javascript:alert(1)) javascript:alert(1)",
            "<span class=\"md-p\">[click](javascript:alert(1)) javascript:alert(1)</span>"),
        Arguments.of("ftp, relative and bare domains stay text", "ftp://x.org [r](/api) example.com",
            "<span class=\"md-p\">ftp://x.org [r](/api) example.com</span>"),
        Arguments.of("a script tag stays text", "<script>alert(1)</script>",
            "<span class=\"md-p\">&lt;script&gt;alert(1)&lt;/script&gt;</span>"),
        Arguments.of("an img with onerror stays text", "<img src=x onerror=alert(1)>",
            "<span class=\"md-p\">&lt;img src=x onerror=alert(1)&gt;</span>"),
        Arguments.of("entities are not decoded", "&lt;b&gt; &amp;",
            "<span class=\"md-p\">&amp;lt;b&amp;gt; &amp;amp;</span>"),
        Arguments.of("images, tables, rules and setext headings are not rendered", "![a](https://x.io/i.png)\n\n| a | b |\n|---|---|\n\n---\n\nTitle\n===",
            "<span class=\"md-p\">!<a href=\"https://x.io/i.png\"" + LINK + ">a</a></span><br><br>"
                + "<span class=\"md-p\">| a | b |<br>|---|---|</span><br><br><span class=\"md-p\">---</span><br><br>"
                + "<span class=\"md-p\">Title<br>===</span>"),
        Arguments.of("indented text is not a code block", "    four spaces", "<span class=\"md-p\">four spaces</span>"),
        Arguments.of("headings #, ## and ### with a space", "# One\n## Two\n### Three",
            "<h1 class=\"md-heading\">One</h1><h2 class=\"md-heading\">Two</h2><h3 class=\"md-heading\">Three</h3>"),
        Arguments.of("no heading without the space, or with four #", "#tag\n#### four",
            "<span class=\"md-p\">#tag<br>#### four</span>"),
        Arguments.of("a new line is a line break, blank lines are kept", "one\ntwo\n\n\nthree",
            "<span class=\"md-p\">one<br>two</span><br><br><br><span class=\"md-p\">three</span>"),
        Arguments.of("a spoiler is hidden and inert", "a ||secret|| b",
            "<span class=\"md-p\">a <span class=\"spoiler\"><span class=\"spoiler-inner\" inert>secret</span></span> b</span>"),
        Arguments.of("markup inside a spoiler", "||**loud** https://x.io||",
            "<span class=\"md-p\"><span class=\"spoiler\"><span class=\"spoiler-inner\" inert><strong>loud</strong> "
                + "<a href=\"https://x.io\"" + LINK + ">https://x.io</a></span></span></span>"),
        Arguments.of("quotes: > lines join, other lines end them", "> one\n> two\nafter",
            "<blockquote class=\"md-quote\"><span class=\"md-p\">one<br>two</span></blockquote><span class=\"md-p\">after</span>"),
        Arguments.of(">>> quotes the rest of the message", ">>> one\n\ntwo",
            "<blockquote class=\"md-quote\"><span class=\"md-p\">one</span><br><br><span class=\"md-p\">two</span></blockquote>"),
        Arguments.of("no nesting, and >x is text", "> > inner\n>x",
            "<blockquote class=\"md-quote\"><span class=\"md-p\">&gt; inner</span></blockquote><span class=\"md-p\">&gt;x</span>"),
        Arguments.of("bullet lists with - and *", "- one\n* two",
            "<ul class=\"md-list\"><li>one</li></ul><ul class=\"md-list\"><li>two</li></ul>"),
        Arguments.of("a numbered list keeps its start", "3. three\n4. four",
            "<ol class=\"md-list\" start=\"3\"><li>three</li><li>four</li></ol>"),
        Arguments.of("user mentions: nickname, display name, the message's mentions, unknown", "<@101> <@!102> <@109> <@555>",
            "<span class=\"md-p\"><span class=\"mention\">@Captain</span> <span class=\"mention\">@Bobby</span> "
                + "<span class=\"mention\">@Nina</span> <span class=\"mention\">@unknown-user</span></span>"),
        Arguments.of("role mentions in the role's colour only when readable", "<@&201> <@&202> <@&203>",
            "<span class=\"md-p\"><span class=\"mention\" style=\"color: rgb(241, 196, 15); background: rgba(241, 196, 15, 0.1);\">@Gold</span> "
                + "<span class=\"mention\">@Night</span> <span class=\"mention\">@deleted-role</span></span>"),
        Arguments.of("a channel mention is a button", "<#301> <#999>",
            "<span class=\"md-p\"><button class=\"mention mention-channel\">#tavern</button> <span class=\"mention\">#unknown-channel</span></span>"),
        Arguments.of("@everyone and @here, but not inside an address or code", "@everyone @here a@here.io `@everyone`",
            "<span class=\"md-p\"><span class=\"mention\">@everyone</span> <span class=\"mention\">@here</span> a@here.io "
                + "<code class=\"md-code\">@everyone</code></span>"),
        Arguments.of("backslash escapes", "\\*not italic\\* \\|\\|open\\|\\|", "<span class=\"md-p\">*not italic* ||open||</span>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formatting")
  @DisplayName("The client's renderer turns Discord's Markdown into these elements, and nothing else")
  void rendersAsDiscordDoes(String rule, String source, String expected) {
    assertEquals(expected, rendered(source), rule + ": " + source);
  }

  @Test
  @DisplayName("The highlight rule: a message mentions me by id, through my role or with @everyone, but not in code")
  void mentionsMe() {
    Object result = ((JavascriptExecutor) table()).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/js/markdown/render.js') // loads the parser, as the app does
          .then(() => import('/js/markdown/mentions.js')).then(({ mentionsMe }) => {
          const state = { me: { id: '101' }, channels: { '301': { id: '301', guild_id: '900' } }, threads: {}, roles: {},
            members: { '900': { '101': { user: { id: '101' }, roles: ['201'] } } } };
          const m = (content) => mentionsMe(state, { id: content, channel_id: '301', content });
          done([m('hi <@101>'), m('<@!101>'), m('<@&201> team'), m('@everyone'), m('@here'),
                m('<@102>'), m('<@&202>'), m('`<@101>`'), m('plain')].join(','));
        }).catch((e) => done('ERROR ' + e.stack));
        """);
    assertEquals("true,true,true,true,true,false,false,false,false", result);
  }

  // ---- two people: alice writes, bob reads ----

  private record Tavern(ApiClient.Session alice, ApiClient.Session bob, String general, String cellar) {}

  private static Tavern tavern() {
    ApiClient api = app.client();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session alice = api.login("alice_" + suffix);
    ApiClient.Session bob = api.login("bob_" + suffix);
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Tavern")).json();
    String g = guild.getString("id");
    String cellar = alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "cellar")).json().getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().put("nick", "Barkeep")).status());
    return new Tavern(alice, bob, guild.getJsonArray("channels").getJsonObject(0).getString("id"), cellar);
  }

  private static WebElement lastMessage(WebDriver d) {
    var rows = d.findElement(testId("message-list")).findElements(By.cssSelector("[data-testid='message'][data-message-id]"));
    return rows.isEmpty() ? null : rows.get(rows.size() - 1);
  }

  private static String css(WebDriver d, WebElement el, String property) {
    return (String) ((JavascriptExecutor) d).executeScript("return getComputedStyle(arguments[0])[arguments[1]]", el, property);
  }

  private void chat(int width, int height, String name) {
    Tavern t = tavern();
    WebDriver alice = Browsers.chrome(width, height);
    WebDriver bob = Browsers.chrome(width, height);
    try {
      login(alice, app.baseUrl(), t.alice().username());
      openChannel(alice, "general");
      login(bob, app.baseUrl(), t.bob().username());
      openChannel(bob, "general");

      String text = "**Tonight** we pour `ale` from https://example.com/menu ||the ale is free|| and ||cider|| <@"
          + t.bob().userId() + "> see <#" + t.cellar() + ">";
      WebElement composer = visible(alice, "composer");
      composer.sendKeys(text);
      if (width < 500) {
        click(alice, "composer-send");
      } else {
        composer.sendKeys(Keys.ENTER);
      }

      WebElement row = waitFor(bob, d -> {
        WebElement last = lastMessage(d);
        return last != null && last.getText().contains("Tonight") ? last : null;
      }, "bob to see alice's message");
      WebElement content = row.findElement(testId("message-content"));
      assertEquals("Tonight", content.findElement(By.tagName("strong")).getText());
      assertEquals("ale", content.findElement(By.cssSelector("code.md-code")).getText());
      WebElement link = content.findElement(By.cssSelector("a"));
      assertEquals("https://example.com/menu", link.getDomAttribute("href"));
      assertEquals("_blank", link.getDomAttribute("target"));
      assertEquals("noopener noreferrer", link.getDomAttribute("rel"));
      assertFalse(content.getText().contains("**"), "no markup characters left: " + content.getText());

      WebElement mention = content.findElement(By.cssSelector("[data-testid='mention'][data-mention='user']"));
      assertEquals("@Barkeep", mention.getText(), "the pill shows bob's nickname in the guild");
      assertTrue(css(bob, row, "boxShadow").contains("inset"), "bob's row has the bar on the left: " + css(bob, row, "boxShadow"));
      assertNotEquals("rgba(0, 0, 0, 0)", css(bob, row, "backgroundColor"), "bob's row is highlighted");

      // The spoilers are hidden: transparent text, and nothing to read out.
      var spoilers = content.findElements(testId("spoiler"));
      assertEquals(2, spoilers.size());
      WebElement inner = spoilers.get(0).findElement(By.cssSelector(".spoiler-inner"));
      assertEquals("rgba(0, 0, 0, 0)", css(bob, inner, "color"), "the spoiler's text is hidden");
      Browsers.screenshot(bob, "markdown-" + name + "-hidden");
      spoilers.get(0).click();
      waitFor(bob, d -> spoilers.get(0).getDomAttribute("class").contains("revealed"), "the first spoiler to open on a click");
      assertNotEquals("rgba(0, 0, 0, 0)", css(bob, spoilers.get(0), "color"));
      assertEquals("the ale is free", spoilers.get(0).getText());
      // The second one opens from the keyboard.
      ((JavascriptExecutor) bob).executeScript("arguments[0].focus()", spoilers.get(1));
      assertEquals("button", spoilers.get(1).getDomAttribute("role"));
      new org.openqa.selenium.interactions.Actions(bob).sendKeys(Keys.ENTER).perform();
      waitFor(bob, d -> spoilers.get(1).getDomAttribute("class").contains("revealed"), "the second spoiler to open with Enter");
      Browsers.screenshot(bob, "markdown-" + name + "-bob");

      // Alice sees the same formatting, without the highlight (she is not mentioned).
      WebElement mine = waitFor(alice, d -> {
        WebElement last = lastMessage(d);
        return last != null && last.getText().contains("Tonight") ? last : null;
      }, "alice's message to be confirmed");
      assertEquals("@Barkeep", mine.findElement(By.cssSelector("[data-mention='user']")).getText());
      assertEquals("none", css(alice, mine, "boxShadow"), "alice's own row is not highlighted");
      Browsers.screenshot(alice, "markdown-" + name + "-alice");

      // The rest of the subset, as bob sees it: a heading, a quote, a list and a code block whose long
      // line scrolls inside it instead of widening the page.
      String longLine = "const menu = [" + "'ale', ".repeat(40) + "];";
      assertEquals(200, t.alice().post("/channels/" + t.general() + "/messages", new JsonObject().put("content",
          "# Menu\n> brewed here\n- ale\n- cider\n```js\n" + longLine + "\n```")).status());
      WebElement rich = waitFor(bob, d -> {
        WebElement last = lastMessage(d);
        return last != null && !last.findElements(By.cssSelector("h1.md-heading")).isEmpty() ? last : null;
      }, "bob to see the menu");
      assertEquals("Menu", rich.findElement(By.cssSelector("h1")).getText());
      assertEquals("brewed here", rich.findElement(By.cssSelector("blockquote.md-quote")).getText());
      assertEquals(2, rich.findElements(By.cssSelector("ul.md-list > li")).size());
      assertEquals("js", rich.findElement(By.cssSelector(".md-code-lang")).getText());
      WebElement pre = rich.findElement(By.cssSelector(".md-codeblock pre"));
      assertTrue(css(bob, pre, "fontFamily").contains("monospace"), css(bob, pre, "fontFamily"));
      assertTrue((Boolean) ((JavascriptExecutor) bob).executeScript("return arguments[0].scrollWidth > arguments[0].clientWidth", pre),
          "the long line scrolls inside the code block");
      assertEquals(0L, ((Number) ((JavascriptExecutor) bob).executeScript(
          "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")).longValue(), "the page does not scroll sideways");
      Browsers.screenshot(bob, "markdown-" + name + "-subset");

      // The channel pill opens #cellar.
      content.findElement(By.cssSelector("[data-mention='channel']")).click();
      waitFor(bob, d -> d.findElement(testId("channel-header")).getText().contains("cellar"), "#cellar to open");
    } finally {
      Browsers.quit(alice);
      Browsers.quit(bob);
    }
  }

  @Test
  @DisplayName("Desktop: bob sees alice's bold, code, link, spoilers and a pill with his nickname, and his row is highlighted")
  void desktop() {
    chat(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Phone: the same message reads the same at 390x844, spoilers open by tap and by keyboard")
  void phone() {
    chat(390, 844, "phone");
  }
}
