// Putting a conversation on hold, with an end: tomorrow, in three days or a week at
// 9:00 in the shop's time zone, a time of one's choosing, or none. At the end the
// server opens it again and its response clock runs on.
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { addDays, todayIn, zonedToIso } from '../ui/zone';

type Choice = 'tomorrow' | 'in_3_days' | 'next_week' | 'custom' | 'none';
const DAYS: Partial<Record<Choice, number>> = { tomorrow: 1, in_3_days: 3, next_week: 7 };

interface Props {
  timeZone: string;
  // null: on hold without an end.
  onSubmit: (until: string | null) => void;
  onCancel: () => void;
}

export function HoldForm({ timeZone, onSubmit, onCancel }: Props) {
  const [choice, setChoice] = useState<Choice>('tomorrow');
  const [custom, setCustom] = useState(() => `${addDays(todayIn(timeZone), 1)}T09:00`);

  const until = (): string | null => {
    if (choice === 'none') return null;
    const days = DAYS[choice];
    const local = days !== undefined ? `${addDays(todayIn(timeZone), days)}T09:00` : custom;
    return zonedToIso(local, timeZone) || null;
  };

  return (
    <form
      class="hold-form"
      data-testid="hold-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(until());
      }}
    >
      <label>
        {t('hold.title')}
        <select value={choice} data-testid="hold-choice" onChange={(e) => setChoice((e.target as HTMLSelectElement).value as Choice)}>
          {(['tomorrow', 'in_3_days', 'next_week', 'custom', 'none'] as Choice[]).map((c) => (
            <option value={c}>{t(`hold.${c}`)}</option>
          ))}
        </select>
      </label>
      {choice === 'custom' && (
        <label>
          {t('hold.when')}
          <input
            type="datetime-local"
            data-testid="hold-when"
            value={custom}
            required
            onInput={(e) => setCustom((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
      <button type="submit" class="primary" data-testid="hold-submit">
        {t('hold.submit')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('hold.cancel')}
      </button>
    </form>
  );
}
