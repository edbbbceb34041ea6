/** The question before a token goes to another org's host: go anyway, switch to that org's profile, or not. */
import type { GateWarning } from '../gate';
import type { AskFirst } from '../hooks/useAskFirst';

export function ConfirmSend<A extends string>(props: { ask: AskFirst<A>; warning?: GateWarning; onSwitchProfile: (name: string) => void }) {
  const { ask, warning } = props;
  if (!ask.asking || !warning) return null;
  const { switchTo } = warning;
  return (
    <div className="confirm-send" role="alertdialog" aria-label="Send the token to another host?" aria-describedby="confirm-send-text">
      <p id="confirm-send-text">{warning.message}</p>
      <div className="toolbar">
        {switchTo && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              ask.cancel();
              props.onSwitchProfile(switchTo);
            }}
          >
            Switch to profile {switchTo}
          </button>
        )}
        <button type="button" className={switchTo ? undefined : 'primary'} onClick={ask.confirm}>
          {ask.asking} anyway
        </button>
        <button type="button" onClick={ask.cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
