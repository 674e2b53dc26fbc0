// One htm binding for the whole client, so every component builds Preact vnodes the same way.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
