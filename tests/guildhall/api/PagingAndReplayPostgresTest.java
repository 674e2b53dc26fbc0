package guildhall.api;

import guildhall.support.Backend;

/** The same paging and replay on PostgreSQL. */
class PagingAndReplayPostgresTest extends PagingAndReplayTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
