import { render } from 'preact';
import { App } from './App';
import { HostClient } from './hostClient';
import './styles.css';

render(<App host={new HostClient()} />, document.getElementById('root')!);
