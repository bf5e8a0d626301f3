// The files a reply will carry, checked against the shop's limits before anything is
// sent: the agent is told at once which file does not fit and what the limit is.
import type { ReplyLimits } from '../app/session';
import { t } from '../i18n/i18n';
import { sizeText } from '../ui/sizeText';

export interface FileCheck {
  files: File[];
  problem: string; // '' when every offered file was taken
}

// `current` with as many of `offered` as fit, in order.
export function addFiles(current: File[], offered: File[], limits: ReplyLimits): FileCheck {
  const files = [...current];
  let total = files.reduce((n, f) => n + f.size, 0);
  const maxSize = sizeText(limits.attachment_bytes);
  for (const file of offered) {
    if (file.size === 0) {
      return { files, problem: t('composer.file_empty', { name: file.name }) };
    }
    if (files.length >= limits.attachments) {
      return { files, problem: t('composer.files_too_many', { name: file.name, max: limits.attachments }) };
    }
    if (total + file.size > limits.attachment_bytes) {
      return { files, problem: t('composer.files_too_large', { name: file.name, size: sizeText(file.size), max: maxSize }) };
    }
    files.push(file);
    total += file.size;
  }
  return { files, problem: '' };
}

// A pasted image has no name of its own (Chromium calls every one "image.png"): it gets
// one with the moment it was pasted, so several can be told apart.
export function namePasted(file: File, now: Date): File {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const extension = file.type.startsWith('image/') ? '.' + (file.type.slice(6).replace('jpeg', 'jpg') || 'png') : '';
  return new File([file], t('composer.pasted_name', { stamp }) + extension, { type: file.type });
}

// A file as the API takes it: {filename, content_type, data: base64}.
export async function encodeFile(file: File): Promise<{ filename: string; content_type: string; data: string }> {
  const data = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(file.name));
    reader.readAsDataURL(file);
  });
  return { filename: file.name, content_type: file.type || 'application/octet-stream', data };
}
