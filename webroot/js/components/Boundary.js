// Keeps one part's rendering error from freezing the whole page: Preact unmounts nothing and draws
// nothing more after an error no component catches, so the app would stop answering every click.
// The part shows `fallback` (nothing by default) and `onError` may close it; it draws again when
// `resetKey` changes (a new card, another modal).
import { Component } from 'preact';

export default class Boundary extends Component {
  componentDidCatch(error) {
    console.error(`${this.props.name || 'A part of the page'} failed to draw`, error);
    this.setState({ failed: true, key: this.props.resetKey });
    if (this.props.onError) this.props.onError(error);
  }

  render({ children, fallback = null, resetKey }, { failed, key }) {
    return failed && key === resetKey ? fallback : children;
  }
}
