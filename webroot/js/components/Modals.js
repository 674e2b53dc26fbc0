// Picks the open dialog from ui.modal, so any component can open one by dispatching MODAL.
import { html } from '../html.js';
import Boundary from './Boundary.js';
import { useApp } from '../context.js';
import CreateGuild from './CreateGuild.js';
import JoinGuild from './JoinGuild.js';
import GuildSettings from './GuildSettings.js';
import CreateChannel from './CreateChannel.js';
import ChannelSettings from './ChannelSettings.js';
import UserSettings from './UserSettings.js';
import MemberManage from './MemberManage.js';
import NewGroupDm from './NewGroupDm.js';
import ReportDialog from './ReportDialog.js';
import StatusPicker from './StatusPicker.js';
import NotificationSettings from './NotificationSettings.js';
import GuildGone from './GuildGone.js';

const KINDS = {
  createGuild: CreateGuild,
  join: JoinGuild,
  guildSettings: GuildSettings,
  createChannel: CreateChannel,
  channelSettings: ChannelSettings,
  userSettings: UserSettings,
  member: MemberManage,
  newGroupDm: NewGroupDm,
  report: ReportDialog,
  status: StatusPicker,
  notificationSettings: NotificationSettings,
  guildGone: GuildGone,
};

export default function Modals() {
  const { state, dispatch } = useApp();
  const modal = state.ui.modal;
  const Kind = modal && KINDS[modal.kind];
  if (!Kind) return null;
  const close = () => dispatch('MODAL', null);
  // A dialog that fails to draw closes instead of freezing the page (Boundary.js).
  return html`<${Boundary} name=${`The ${modal.kind} dialog`} resetKey=${modal} onError=${close}><${Kind} ...${modal} onClose=${close} /></${Boundary}>`;
}
