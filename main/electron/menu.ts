/** The application menu: editing, zoom, DevTools in development, and Sigma's guide under Help. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { openExternally } from './security';

/** Sigma's own guide to JWT-signed embeds: what this app helps get right. */
export const HELP_URL = 'https://help.sigmacomputing.com/docs/create-an-embed-api-with-json-web-tokens';

export function menuTemplate(options: { isPackaged: boolean; platform: NodeJS.Platform; openHelp: () => void }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
  ];
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'help', submenu: [{ label: 'Sigma embedding with JWT (help.sigmacomputing.com)', click: options.openHelp }] },
  ];
}

export function setApplicationMenu(isPackaged: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isPackaged, platform: process.platform, openHelp: () => openExternally(HELP_URL) })));
}
