// The reports page (charts and CSV downloads).
import { t } from '../i18n/i18n';

export default function ReportsPage() {
  return (
    <section class="page">
      <h1>{t('reports.title')}</h1>
    </section>
  );
}
