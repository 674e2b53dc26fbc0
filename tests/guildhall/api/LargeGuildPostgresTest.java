package guildhall.api;

import guildhall.support.Backend;

/** The same on PostgreSQL: the member counts, the small-guild filter and the pages are one query text for both. */
class LargeGuildPostgresTest extends LargeGuildTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
