// Texts of the settings pages.
export const settingsJa = {
  'settings.title': '設定',
} as const;

export const settingsEn: Record<keyof typeof settingsJa, string> = {
  'settings.title': 'Settings',
};
