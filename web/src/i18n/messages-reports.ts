// Texts of the reports page.
export const reportsJa = {
  'reports.title': 'レポート',
} as const;

export const reportsEn: Record<keyof typeof reportsJa, string> = {
  'reports.title': 'Reports',
};
