// A message's plain text: the new words at once; the signature and the quoted history
// folded behind one button; a long message shortened with "show all".
import { useMemo, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { KeepTokens } from '../ui/KeepTokens';
import { FoldButton } from './FoldButton';
import { isLong, shorten, splitMailText } from './mailText';

export function MessageText({ text, fold }: { text: string; fold: boolean }) {
  const parts = useMemo(() => (fold ? splitMailText(text) : { body: text, signature: '', quoted: '' }), [text, fold]);
  const [showFolded, setShowFolded] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const long = isLong(parts.body);
  const body = long && !showAll ? shorten(parts.body) : parts.body;
  const folded = [parts.signature, parts.quoted].filter(Boolean).join('\n\n');
  return (
    <div class="message-text">
      <KeepTokens text={body} />
      {long && !showAll && (
        <FoldButton testId="show-all" onClick={() => setShowAll(true)}>
          {t('message.show_all', { lines: parts.body.split('\n').length })}
        </FoldButton>
      )}
      {folded && (
        <>
          <FoldButton testId="show-quoted" expanded={showFolded} onClick={() => setShowFolded(!showFolded)}>
            {showFolded ? t('message.hide_quoted') : t(parts.quoted ? 'message.show_quoted' : 'message.show_signature')}
          </FoldButton>
          {showFolded && (
            <div class="quoted" data-testid="quoted">
              <KeepTokens text={folded} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
